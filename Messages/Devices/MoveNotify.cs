namespace Emulation.Messages.Devices;

/// <summary>
/// R12, sent to the importer's device face: the exporter is about to move <paramref name="ExporterBo"/>,
/// so the dynamic attachment's mapping of it is stale and the next use re-maps (possibly migrating again).
/// </summary>
/// <param name="RequestId">The request whose operation caused the move.</param>
/// <param name="Device">The importer device (the face that receives this).</param>
/// <param name="ImporterBo">The importer's object of the buffer.</param>
public sealed record MoveNotify(long RequestId, string Device, int ImporterBo, int Attachment, string ExporterDevice, int ExporterBo)
    : IEmulationMessage;
