using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Userspace;

/// <summary>What one output took this frame: whether it was repainted, the devices on its path, whether the CPU was.</summary>
public sealed class OutputFrame(string output)
{
    public string Output { get; } = output;
    /// <summary>It had new content and was composited (else it shows what it showed).</summary>
    public bool Repainted { get; set; }
    public HashSet<int> Path { get; } = [];
    public bool CpuOnPath { get; set; }
    /// <summary>A committed surface could not be shown, or no rung of the ladder (or the own scan-out) showed the frame.</summary>
    public bool Blank { get; set; }
}

/// <summary>The compositor's frame: per output, and the copies by rung of the ladder.</summary>
public sealed class CompositorFrame
{
    public List<OutputFrame> Outputs { get; } = [];
    public long[] Copies { get; } = new long[4];
    public long BytesCopied { get; set; }

    public void Copied(CopyRung rung, long bytes)
    {
        Copies[(int)rung]++;
        BytesCopied += bytes;
    }
}
