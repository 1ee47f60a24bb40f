using System.Collections.Immutable;

namespace Emulation.Messages.Scenarios;

/// <summary>
/// One axis of machine variation: `target.field = [values]` (e.g. `dgpu.vram`, `game.start`). Each
/// machine draws one value from its own random stream; axes are drawn in key order.
/// </summary>
public sealed record VariationAxis(string Target, string Field, ImmutableArray<string> Values)
{
    public string Key => $"{Target}.{Field}";
}
