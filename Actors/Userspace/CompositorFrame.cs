using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Userspace;

/// <summary>What one output took this frame: the devices on its path, whether the CPU was, copies made.</summary>
public sealed class OutputFrame(string output)
{
    public string Output { get; } = output;
    public HashSet<int> Path { get; } = [];
    public bool CpuOnPath { get; set; }
    /// <summary>No rung of the ladder (or the own scan-out) showed the frame.</summary>
    public bool Dropped { get; set; }
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
