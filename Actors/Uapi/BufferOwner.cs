namespace Emulation.Actors.Uapi;

/// <summary>
/// Whose a buffer is, for the metrics' owner split (docs/scenarios.md): the process that opened the DRM file it was
/// created through (the kernel keeps the opener of each file, drm_file's pid; fdinfo's `drm-client-id`), by role.
/// </summary>
public enum BufferOwner : byte
{
    /// <summary>A Wayland client's buffers (the figure a bare metric name means).</summary>
    Client,
    /// <summary>The compositor's shadow, copy and composite buffers, and its imports.</summary>
    Compositor,
    /// <summary>Another process (`pressure`), owned by no file of the machine's programs.</summary>
    Other,
}

public static class BufferOwners
{
    /// <summary>The owners' names, in order.</summary>
    public static readonly IReadOnlyList<string> Ids = ["client", "compositor", "other"];

    public const int Count = 3;

    public static string Id(this BufferOwner owner) => Ids[(int)owner];
}
