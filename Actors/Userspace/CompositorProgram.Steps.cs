using Emulation.Actors.Userspace.Conversations;
using Emulation.Messages;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Userspace;

/// <summary>The compositor's steps as the machine asks for them, and what it answers to each.</summary>
public sealed partial class CompositorProgram : IUserspaceProgram
{
    public bool Accepts(IEmulationMessage message) => message is ICompositorCommand;

    Coroutine<IEmulationMessage> IUserspaceProgram.Run(IEmulationMessage command) => Handle((ICompositorCommand)command);

    /// <summary>One step: its kernel calls, then its answer (the type its command names).</summary>
    public async Coroutine<IEmulationMessage> Handle(ICompositorCommand command)
    {
        switch (command)
        {
            case StartCompositor m:
                await Start(m.Present.Select(_topology.FindDevice).OfType<int>());
                return Stepped(m.RequestId);
            case PlaceSurface m:
                if (_surfaces.ContainsKey(m.Client)) MoveSurface(m.Client, m.Output);
                else AddSurface(m.Client, m.Output);
                return new CompositorStepDone(m.RequestId, [new SurfaceFeedback(m.Client, FeedbackFor(m.Client))]);
            case CreateBuffers m:
                await BuffersCreated(m.Client, m.Buffers);
                return Stepped(m.RequestId);
            case DestroyBuffers m:
                await BuffersDestroyed(m.Client, m.Keys);
                return Stepped(m.RequestId);
            case CommitBuffer m:
                Commit(m.Client, m.Key, m.Damage);
                return Stepped(m.RequestId);
            case DeviceChanged m:
                if (m.Present) await DeviceBack(_topology.IndexOf(m.Device));
                else await DeviceGone(_topology.IndexOf(m.Device));
                return new CompositorStepDone(m.RequestId, [.. _surfaces.Keys.Select(c => new SurfaceFeedback(c, FeedbackFor(c)))]);
            case KernelCapabilities m:
                Knobs = m.Knobs;
                return Stepped(m.RequestId);
            case CompositeFrame m:
                Costs = new FrameCosts(_topology);
                Frame = new CompositorFrame();
                var devices = m.ClientDevices
                    .Select(c => (c.Client, Device: _topology.FindDevice(c.Device)))
                    .Where(c => c.Device is not null)
                    .ToDictionary(c => c.Client, c => c.Device, StringComparer.Ordinal);
                await Composite(m.Frame, client => devices.GetValueOrDefault(client));
                return new FrameComposited(m.RequestId, [.. Costs.Gpu], Costs.Cpu, [.. Frame.Copies], Frame.BytesCopied,
                    [.. Frame.Outputs.Select(o => new OutputPath(o.Output, o.Repainted,
                        [.. o.Path.Order().Select(d => _topology.Devices[d].Id)], o.CpuOnPath, o.Blank))]);
            case FinishCompositor m:
                ClassifyPending();
                return new ImportCounts(m.RequestId, Imports.Clean, Imports.Migrated, Imports.Pinned, [.. Imports.Failed],
                    Imports.ProbeAttempts, Imports.ProbesFailed, Imports.ProbesFooled, Imports.Fallbacks, PeakCopyBufferBytes);
            default:
                throw new ArgumentException($"not a compositor command: {command.GetType().Name}", nameof(command));
        }
    }

    private static CompositorStepDone Stepped(long requestId) => new(requestId, []);
}
