using System.Collections.Immutable;

namespace Emulation.Host.Replay;

/// <summary>A parsed `.seq` file: its optional `topology` header and its knob and operation lines, in order.</summary>
/// <param name="Path">The file the trace came from (relative topology files are found next to it).</param>
/// <param name="Topology">The `topology` header, or null (the default is `vgem-vkms`).</param>
public sealed record Trace(string Path, TopologyLine? Topology, ImmutableArray<TraceLine> Lines)
{
    public IEnumerable<OperationLine> Operations => Lines.OfType<OperationLine>();

    /// <summary>The knob lines before the first operation: the ones a command-line `--knob` overrides.</summary>
    public IEnumerable<KnobLine> LeadingKnobs => Lines.TakeWhile(l => l is KnobLine).OfType<KnobLine>();
}

/// <summary>A line of the file that does something (a knob or an operation).</summary>
/// <param name="Number">1-based line number in the file.</param>
public abstract record TraceLine(int Number);

/// <summary>`topology NAME-OR-FILE`, first line only.</summary>
public sealed record TopologyLine(int Number, string NameOrFile);

/// <summary>`knob NAME VALUE`: applies to the operations after it. Prints nothing, takes no `i`.</summary>
public sealed record KnobLine(int Number, string Name, string Value) : TraceLine(Number);

/// <summary>An operation with its tokens as written and its expectations.</summary>
/// <param name="Op">The operation word (`import`, `close-handle`...).</param>
/// <param name="Args">The tokens between the operation word and `=>`.</param>
/// <param name="Expectations">The words after `=>` (empty without `=>`).</param>
public sealed record OperationLine(int Number, string Op, ImmutableArray<string> Args, TraceOperation Operation,
    ImmutableArray<TraceExpectation> Expectations) : TraceLine(Number);
