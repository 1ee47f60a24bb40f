using Emulation.Actors.Uapi;
using Emulation.Actors.Userspace.Conversations;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Userspace;

/// <summary>
/// A frame: every output with new content (a surface on it committed, or what it shows changed) is composited on
/// its render device (fixed primary, or per output as cosmic-comp does), sampling each surface where it was
/// imported (through a shadow copy when that is another device, brought up to date once per new commit), then
/// shown: scanned out directly on its own device, or brought over the copy ladder (zero-copy, blit on the target
/// GPU, GPU copy into a linear buffer, CPU copy) for the damaged part of the frame. An output without new content
/// keeps showing what it showed, and costs nothing.
/// </summary>
public sealed partial class CompositorProgram
{
    private const uint ExportRdwr = ExportFlags.CloExec | ExportFlags.ReadWrite;

    /// <param name="clientRenderDevice">The device a client renders on, or null (a client not running).</param>
    public async Coroutine Composite(int frame, Func<string, int?> clientRenderDevice)
    {
        foreach (var output in _outputs)
        {
            if (!_present.Contains(output.Device)) continue;
            var outputFrame = new OutputFrame(output.Spec.Name);
            Frame?.Outputs.Add(outputFrame);
            var surfaces = _surfaces.Values.Where(s => s.Output == output.Spec.Name).ToList();
            if (!output.NeedsRepaint && !surfaces.Any(s => s.Dirty)) continue;
            outputFrame.Repainted = true;
            // The part of the frame that changed: all of it after a change of what it shows, else the most any new commit damaged.
            var damage = output.NeedsRepaint ? 1.0 : surfaces.Where(s => s.Dirty).Select(DamageOf).DefaultIfEmpty(1.0).Max();
            output.NeedsRepaint = false;
            foreach (var s in surfaces) s.Dirty = false;
            if (RenderDeviceFor(output) is not { } renderDevice)
            {
                outputFrame.Blank = true;
                continue;
            }
            outputFrame.Path.Add(renderDevice);
            foreach (var surface in surfaces)
            {
                if (clientRenderDevice(surface.Client) is { } clientDevice) outputFrame.Path.Add(clientDevice);
                if (surface.Current is not { } key) continue;
                // A committed surface that cannot be shown: its import failed, or its device is gone.
                if (!surface.Buffers.TryGetValue(key, out var imported) || imported.Device is not { } samplingDevice
                    || !await Sample(imported, samplingDevice, renderDevice, outputFrame))
                    outputFrame.Blank = true;
            }
            await Draw(output, renderDevice, outputFrame, damage);
        }
    }

    private static double DamageOf(Surface surface) =>
        surface.Current is { } key && surface.Buffers.TryGetValue(key, out var imported) ? imported.Damage : 1.0;

    /// <summary>cosmic-comp's render_node_for_output for `per-output`; the primary for `fixed-primary`; null when nothing can render.</summary>
    private int? RenderDeviceFor(OutputState output)
    {
        if (_spec.Render == RenderPreset.PerOutput && Renders(output.Device))
        {
            var onOutput = _surfaces.Values.Where(s => s.Output == output.Spec.Name).ToList();
            if (onOutput.Count == 0 || onOutput.Any(s => s.Current is { } k && s.Buffers.TryGetValue(k, out var b)
                                                          && _topology.IndexOf(b.Buffer.AllocDevice) == output.Device))
                return output.Device;
        }
        return Renders(Primary) ? Primary : null;
    }

    /// <summary>
    /// The render device reads a surface (one read of it in the composite pass, R22): where it was imported
    /// (<paramref name="samplingDevice"/>), or through a shadow made on that device, which the sampling device
    /// brings up to date, for the commit's damaged part, once per new commit. False when it cannot be shown.
    /// </summary>
    private async Coroutine<bool> Sample(Imported imported, int samplingDevice, int renderDevice, OutputFrame outputFrame)
    {
        var bytes = imported.Buffer.Bytes;
        var use = await _kernel.Call(new Render(FileOf(samplingDevice), imported.Handle));
        if (!imported.Classified)
        {
            imported.Effects.AddRange(use.Effects);
            Classify(imported, use.Errno);
        }
        if (!use.Ok) return false;
        if (samplingDevice == renderDevice)
        {
            Costs?.Access(samplingDevice, use.Value.Placement, use.Value.PagesDevice, bytes);
            return true;
        }

        outputFrame.Path.Add(samplingDevice);
        if (!imported.Shadows.TryGetValue(renderDevice, out var shadow))
        {
            var made = await MakeShadow(imported, samplingDevice, renderDevice);
            if (made is null) return false;
            shadow = made;
            imported.Shadows[renderDevice] = shadow;
        }
        if (shadow.Content != imported.Content)
        {
            var copied = shadow.Content < 0 ? bytes : Damaged(bytes, imported.Damage);
            var write = await _kernel.Call(new Render(FileOf(samplingDevice), shadow.Handle));
            if (!write.Ok) return false;
            Costs?.Access(samplingDevice, use.Value.Placement, use.Value.PagesDevice, copied);
            Costs?.Access(samplingDevice, write.Value.Placement, write.Value.PagesDevice, copied);
            Frame?.Copied(CopyRung.GpuCopy, copied);
            shadow.Content = imported.Content;
        }
        var read = await _kernel.Call(new Render(FileOf(renderDevice), shadow.RenderHandle));
        if (!read.Ok) return false;
        Costs?.Access(renderDevice, read.Value.Placement, read.Value.PagesDevice, bytes);
        return true;
    }

    /// <summary>The bytes a copy of the damaged part of a buffer carries.</summary>
    private static long Damaged(long bytes, double damage) => (long)Math.Ceiling(bytes * Math.Clamp(damage, 0, 1));

    /// <summary>A linear gtt buffer on the sampling device, exported and imported by the render device; null when that fails.</summary>
    private async Coroutine<Shadow?> MakeShadow(Imported imported, int samplingDevice, int renderDevice)
    {
        var alloc = await _kernel.Call(new Alloc(FileOf(samplingDevice), imported.Buffer.Bytes, Placement.Gtt));
        if (!alloc.Ok)
        {
            alloc = await _kernel.Call(new Alloc(FileOf(samplingDevice), imported.Buffer.Bytes, BufferPlacement.For(_topology.Devices[samplingDevice])));
            if (!alloc.Ok) return null;
        }
        var export = await _kernel.Call(new Export(FileOf(samplingDevice), alloc.Value.Handle, ExportRdwr));
        if (!export.Ok) return null;
        var import = await _kernel.Call(new Import(FileOf(renderDevice), export.Value.Fd, 0));
        if (!import.Ok)
        {
            await _kernel.Call(new CloseFd(export.Value.Fd));
            await _kernel.Call(new GemClose(FileOf(samplingDevice), alloc.Value.Handle));
            return null;
        }
        Hold(imported.Buffer.Bytes);
        return new Shadow(samplingDevice, alloc.Value.Handle, export.Value.Fd, renderDevice, import.Value.Handle, imported.Buffer.Bytes);
    }

    /// <summary>
    /// Composes the output's frame on the render device (one write of its target, R22), then shows it: its own scan-out,
    /// or the copy ladder for the damaged part of the frame.
    /// </summary>
    private async Coroutine Draw(OutputState output, int renderDevice, OutputFrame outputFrame, double damage)
    {
        var bytes = output.Spec.FrameBytes;
        if (!output.ByRenderDevice.TryGetValue(renderDevice, out var outputBuffers))
        {
            outputBuffers = new OutputBuffers();
            output.ByRenderDevice[renderDevice] = outputBuffers;
        }
        var frameIndex = output.Flip;
        output.Flip ^= 1;
        if (outputBuffers.Handle[frameIndex] == 0)
        {
            var alloc = await _kernel.Call(new Alloc(FileOf(renderDevice), bytes, BufferPlacement.For(_topology.Devices[renderDevice])));
            if (!alloc.Ok)
            {
                outputFrame.Blank = true;
                return;
            }
            outputBuffers.Handle[frameIndex] = alloc.Value.Handle;
        }
        var draw = await _kernel.Call(new Render(FileOf(renderDevice), outputBuffers.Handle[frameIndex]));
        if (!draw.Ok)
        {
            outputFrame.Blank = true;
            return;
        }
        Costs?.Access(renderDevice, draw.Value.Placement, renderDevice, bytes);

        if (output.Device == renderDevice)
        {
            var shown = await _kernel.Call(new Scanout(FileOf(renderDevice), outputBuffers.Handle[frameIndex], output.Spec.Name));
            if (!shown.Ok) outputFrame.Blank = true;
            return;
        }
        var copied = Damaged(bytes, damage);
        var onScreen = false;
        foreach (var rung in output.Ladder.Rungs().ToList())
        {
            if (await Rung(output, outputBuffers, frameIndex, renderDevice, draw.Value.Placement, rung, copied, outputFrame))
            {
                Frame?.Copied(rung, rung == CopyRung.ZeroCopy ? 0 : copied);
                onScreen = true;
                break;
            }
            output.Ladder.Failed(rung);
        }
        if (!onScreen) outputFrame.Blank = true;
        else if (_topology.Devices[output.Device].Profile.Importer == ImporterKind.CpuOnly)
        {
            // A USB display has no engine of its own: the CPU reads (and compresses) the damaged part of every frame it shows.
            Costs?.CpuRead(Placement.System, copied);
            outputFrame.CpuOnPath = true;
        }
    }

    /// <summary>
    /// One rung of the copy ladder for frame <paramref name="frameIndex"/> (drawn in <paramref name="drawnIn"/>), carrying
    /// <paramref name="copied"/> bytes: whether it brought the frame to the output.
    /// </summary>
    private async Coroutine<bool> Rung(OutputState output, OutputBuffers outputBuffers, int frameIndex, int renderDevice, Placement drawnIn,
        CopyRung rung, long copied, OutputFrame outputFrame)
    {
        var display = output.Device;
        var bytes = output.Spec.FrameBytes;
        switch (rung)
        {
            case CopyRung.ZeroCopy:
            {
                var onDisplay = await ImportFrame(outputBuffers, frameIndex, renderDevice, display);
                if (onDisplay == 0) return false;
                var shown = await _kernel.Call(new Scanout(FileOf(display), onDisplay, output.Spec.Name));
                return shown.Ok;
            }
            case CopyRung.Blit:
            {
                if (!Renders(display)) return false;
                var onDisplay = await ImportFrame(outputBuffers, frameIndex, renderDevice, display);
                if (onDisplay == 0) return false;
                if (output.BlitTargets[frameIndex] == 0)
                {
                    var alloc = await _kernel.Call(new Alloc(FileOf(display), bytes, BufferPlacement.For(_topology.Devices[display])));
                    if (!alloc.Ok) return false;
                    output.BlitTargets[frameIndex] = alloc.Value.Handle;
                    Hold(bytes);
                }
                var read = await _kernel.Call(new Render(FileOf(display), onDisplay));
                if (!read.Ok) return false;
                var write = await _kernel.Call(new Render(FileOf(display), output.BlitTargets[frameIndex]));
                if (!write.Ok) return false;
                var shown = await _kernel.Call(new Scanout(FileOf(display), output.BlitTargets[frameIndex], output.Spec.Name));
                if (!shown.Ok) return false;
                Costs?.Copy(display, read.Value.Placement, read.Value.PagesDevice, write.Value.Placement, display, copied);
                outputFrame.Path.Add(display);
                return true;
            }
            case CopyRung.GpuCopy:
            {
                await EnsureDumb(output, frameIndex);
                if (output.Dumb[frameIndex] == 0) return false;
                if (outputBuffers.DumbOnRender[frameIndex] == 0)
                {
                    var export = await _kernel.Call(new Export(FileOf(display), output.Dumb[frameIndex], ExportRdwr));
                    if (!export.Ok) return false;
                    var import = await _kernel.Call(new Import(FileOf(renderDevice), export.Value.Fd, 0));
                    if (!import.Ok)
                    {
                        await _kernel.Call(new CloseFd(export.Value.Fd));
                        return false;
                    }
                    outputBuffers.DumbFd[frameIndex] = export.Value.Fd;
                    outputBuffers.DumbOnRender[frameIndex] = import.Value.Handle;
                }
                var copy = await _kernel.Call(new Render(FileOf(renderDevice), outputBuffers.DumbOnRender[frameIndex]));
                if (!copy.Ok) return false;
                var shown = await _kernel.Call(new Scanout(FileOf(display), output.Dumb[frameIndex], output.Spec.Name));
                if (!shown.Ok) return false;
                Costs?.Copy(renderDevice, drawnIn, renderDevice, copy.Value.Placement, copy.Value.PagesDevice, copied);
                return true;
            }
            default:
            {
                await EnsureDumb(output, frameIndex);
                if (output.Dumb[frameIndex] == 0) return false;
                var shown = await _kernel.Call(new Scanout(FileOf(display), output.Dumb[frameIndex], output.Spec.Name));
                if (!shown.Ok) return false;
                // The CPU reads the render device's frame through a mapping (write-combined unless in system memory).
                Costs?.CpuCopy(drawnIn, copied);
                outputFrame.CpuOnPath = true;
                return true;
            }
        }
    }

    /// <summary>The output device's import of the render device's frame <paramref name="frameIndex"/> (exported once, imported once); 0 when that fails.</summary>
    private async Coroutine<int> ImportFrame(OutputBuffers outputBuffers, int frameIndex, int renderDevice, int display)
    {
        if (outputBuffers.OnDisplay[frameIndex] != 0) return outputBuffers.OnDisplay[frameIndex];
        if (outputBuffers.Fd[frameIndex] == 0)
        {
            var export = await _kernel.Call(new Export(FileOf(renderDevice), outputBuffers.Handle[frameIndex], ExportRdwr));
            if (!export.Ok) return 0;
            outputBuffers.Fd[frameIndex] = export.Value.Fd;
        }
        var import = await _kernel.Call(new Import(FileOf(display), outputBuffers.Fd[frameIndex], 0));
        if (!import.Ok) return 0;
        outputBuffers.OnDisplay[frameIndex] = import.Value.Handle;
        return import.Value.Handle;
    }

    /// <summary>Linear dumb buffers of the output's device (mutter's primary-GPU and CPU copy targets).</summary>
    private async Coroutine EnsureDumb(OutputState output, int frameIndex)
    {
        if (output.Dumb[frameIndex] != 0) return;
        var dumb = await _kernel.Call(new CreateDumb(FileOf(output.Device), (uint)output.Spec.Width, (uint)output.Spec.Height, 32));
        if (!dumb.Ok) return;
        output.Dumb[frameIndex] = dumb.Value.Handle;
        Hold(output.Spec.FrameBytes);
    }

    /// <summary>Releases what an output keeps on or from a device that is going.</summary>
    private async Coroutine DropOutputResources(OutputState output, int device)
    {
        foreach (var (renderDevice, outputBuffers) in output.ByRenderDevice.ToList())
        {
            if (renderDevice != device && output.Device != device) continue;
            output.ByRenderDevice.Remove(renderDevice);
            for (var frameIndex = 0; frameIndex < 2; frameIndex++)
            {
                if (outputBuffers.OnDisplay[frameIndex] != 0 && output.Device != device && _present.Contains(output.Device))
                    await _kernel.Call(new GemClose(FileOf(output.Device), outputBuffers.OnDisplay[frameIndex]));
                if (outputBuffers.DumbOnRender[frameIndex] != 0 && renderDevice != device && _present.Contains(renderDevice))
                    await _kernel.Call(new GemClose(FileOf(renderDevice), outputBuffers.DumbOnRender[frameIndex]));
                if (outputBuffers.Handle[frameIndex] != 0 && renderDevice != device && _present.Contains(renderDevice))
                    await _kernel.Call(new GemClose(FileOf(renderDevice), outputBuffers.Handle[frameIndex]));
                if (outputBuffers.Fd[frameIndex] != 0) await _kernel.Call(new CloseFd(outputBuffers.Fd[frameIndex]));
                if (outputBuffers.DumbFd[frameIndex] != 0) await _kernel.Call(new CloseFd(outputBuffers.DumbFd[frameIndex]));
            }
        }
        if (output.Device != device) return;
        CopyBufferBytes -= output.Spec.FrameBytes * (output.BlitTargets.Count(h => h != 0) + output.Dumb.Count(h => h != 0));
        Array.Clear(output.BlitTargets);
        Array.Clear(output.Dumb);
    }
}
