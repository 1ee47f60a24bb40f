namespace Emulation.Messages.Scenarios;

/// <summary>What a client is, for its default frame work (docs/costs.md has each default and its source).</summary>
public enum ClientKind : byte { Game, Video, Browser, Terminal }

/// <summary>A client's frame work (R22): a fixed GPU time, the passes over its buffer, the part of it each frame changes.</summary>
/// <param name="GpuMs">Shading time per frame on its render device, wherever its buffers are.</param>
/// <param name="Touches">Passes over its colour buffer per frame (each at the bandwidth of where the buffer is).</param>
/// <param name="Damage">The fraction of the buffer a frame changes: what copies of it (shadow, copy ladder) carry.</param>
public sealed record Workload(double GpuMs, int Touches, double Damage);

public static class ClientKinds
{
    public static readonly IReadOnlyList<string> Ids = ["game", "video", "browser", "terminal"];

    public static string Id(this ClientKind kind) => Ids[(int)kind];

    /// <summary>The defaults of each kind (docs/costs.md, "Client work").</summary>
    public static Workload Defaults(this ClientKind kind) => kind switch
    {
        ClientKind.Game => new Workload(GpuMs: 10, Touches: 4, Damage: 1.0),
        ClientKind.Video => new Workload(GpuMs: 1, Touches: 2, Damage: 1.0),
        ClientKind.Browser => new Workload(GpuMs: 2, Touches: 2, Damage: 0.5),
        _ => new Workload(GpuMs: 0.2, Touches: 1, Damage: 0.1),
    };
}
