using System.Collections.Immutable;
using Emulation.Messages;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Userspace;

/// <summary>The compositor's steps as the machine asks for them, and what it answers.</summary>
public sealed partial class CompositorProgram : IUserspaceProgram
{
    /// <summary>The kernel requests of one step (drive them, then ask <see cref="Done"/>).</summary>
    public IEnumerable<IKernelRequest> Handle(ICompositorCommand command)
    {
        switch (command)
        {
            case StartCompositor m:
                return Start(m.Present.Select(_t.IndexOf).Where(i => i >= 0));
            case PlaceSurface m:
                if (_surfaces.ContainsKey(m.Client)) MoveSurface(m.Client, m.Output);
                else AddSurface(m.Client, m.Output);
                return [];
            case CreateBuffers m:
                return BuffersCreated(m.Client, m.Buffers);
            case DestroyBuffers m:
                return BuffersDestroyed(m.Client, m.Keys);
            case CommitBuffer m:
                Commit(m.Client, m.Key);
                return [];
            case DeviceChanged m:
                return m.Present ? DeviceBack(_t.IndexOf(m.Device)) : DeviceGone(_t.IndexOf(m.Device));
            case KernelCapabilities m:
                Knobs = m.Knobs;
                return [];
            case CompositeFrame m:
                Costs = new FrameCosts(_t);
                Frame = new CompositorFrame();
                var devices = m.ClientDevices.ToDictionary(c => c.Client, c => _t.IndexOf(c.Device), StringComparer.Ordinal);
                return Composite(m.Frame, c => devices.GetValueOrDefault(c, -1));
            case FinishCompositor:
                ClassifyPending();
                return [];
            default:
                throw new ArgumentException($"not a compositor command: {command.GetType().Name}", nameof(command));
        }
    }

    public bool Accepts(IEmulationMessage message) => message is ICompositorCommand;

    IEnumerable<IKernelRequest> IUserspaceProgram.Handle(IEmulationMessage command) => Handle((ICompositorCommand)command);

    IEmulationMessage IUserspaceProgram.Done(IEmulationMessage command) => Done((ICompositorCommand)command);

    public IEmulationMessage Done(ICompositorCommand command) => command switch
    {
        CompositeFrame m => new FrameComposited(m.RequestId, [.. Costs!.Gpu], Costs.Cpu, [.. Frame!.Copies], Frame.BytesCopied,
            [.. Frame.Outputs.Select(o => new OutputPath(o.Output, [.. o.Path.Order().Select(d => _t.Devices[d].Id)], o.CpuOnPath, o.Dropped))]),
        FinishCompositor m => new ImportCounts(m.RequestId, Imports.Clean, Imports.Migrated, Imports.Pinned, [.. Imports.Failed]),
        PlaceSurface m => new CompositorStepDone(m.RequestId, [new SurfaceFeedback(m.Client, FeedbackFor(m.Client))]),
        DeviceChanged m => new CompositorStepDone(m.RequestId, [.. _surfaces.Keys.Select(c => new SurfaceFeedback(c, FeedbackFor(c)))]),
        _ => new CompositorStepDone(command.RequestId, []),
    };
}
