using Emulation.Actors.Uapi;
using Emulation.Actors.Userspace.Conversations;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Userspace;

/// <summary>
/// A frame: every output is composited on its render device (fixed primary, or per output as
/// cosmic-comp does), sampling each surface where it was imported (through a shadow copy when that is
/// another device), then shown: scanned out directly on its own device, or brought over the copy
/// ladder (zero-copy, blit on the target GPU, GPU copy into a linear buffer, CPU copy).
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
            if (RenderDeviceFor(output) is not { } renderDevice)
            {
                outputFrame.Dropped = true;
                continue;
            }
            outputFrame.Path.Add(renderDevice);
            foreach (var surface in _surfaces.Values.Where(s => s.Output == output.Spec.Name))
            {
                if (clientRenderDevice(surface.Client) is { } clientDevice) outputFrame.Path.Add(clientDevice);
                if (surface.Current is not { } key || !surface.Buffers.TryGetValue(key, out var imported)
                    || imported.Device is not { } samplingDevice) continue;
                await Sample(imported, samplingDevice, renderDevice, outputFrame);
            }
            await Draw(output, renderDevice, outputFrame);
        }
    }

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
    /// The render device reads a surface: where it was imported (<paramref name="samplingDevice"/>), or via a
    /// shadow copy made on that device.
    /// </summary>
    private async Coroutine Sample(Imported imported, int samplingDevice, int renderDevice, OutputFrame outputFrame)
    {
        var bytes = imported.Buffer.Bytes;
        var use = await _kernel.Call(new Render(FileOf(samplingDevice), imported.Handle));
        if (!imported.Classified)
        {
            imported.Effects.AddRange(use.Effects);
            Classify(imported, use.Errno);
        }
        if (!use.Ok) return;
        Costs?.Access(samplingDevice, use.Value.Placement, use.Value.PagesDevice, bytes);
        if (samplingDevice == renderDevice) return;

        outputFrame.Path.Add(samplingDevice);
        if (!imported.Shadows.TryGetValue(renderDevice, out var shadow))
        {
            var made = await MakeShadow(imported, samplingDevice, renderDevice);
            if (made is null) return;
            shadow = made;
            imported.Shadows[renderDevice] = shadow;
        }
        var write = await _kernel.Call(new Render(FileOf(samplingDevice), shadow.Handle));
        if (!write.Ok) return;
        Costs?.Access(samplingDevice, write.Value.Placement, write.Value.PagesDevice, bytes);
        Frame?.Copied(CopyRung.GpuCopy, bytes);
        var read = await _kernel.Call(new Render(FileOf(renderDevice), shadow.RenderHandle));
        if (read.Ok) Costs?.Access(renderDevice, read.Value.Placement, read.Value.PagesDevice, bytes);
    }

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
        return new Shadow(samplingDevice, alloc.Value.Handle, export.Value.Fd, renderDevice, import.Value.Handle);
    }

    /// <summary>Composes the output's frame on the render device, then shows it.</summary>
    private async Coroutine Draw(OutputState output, int renderDevice, OutputFrame outputFrame)
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
                outputFrame.Dropped = true;
                return;
            }
            outputBuffers.Handle[frameIndex] = alloc.Value.Handle;
        }
        var draw = await _kernel.Call(new Render(FileOf(renderDevice), outputBuffers.Handle[frameIndex]));
        if (!draw.Ok)
        {
            outputFrame.Dropped = true;
            return;
        }
        Costs?.Access(renderDevice, draw.Value.Placement, renderDevice, bytes);

        if (output.Device == renderDevice)
        {
            var shown = await _kernel.Call(new Scanout(FileOf(renderDevice), outputBuffers.Handle[frameIndex], output.Spec.Name));
            if (!shown.Ok) outputFrame.Dropped = true;
            return;
        }
        var onScreen = false;
        foreach (var rung in output.Ladder.Rungs().ToList())
        {
            if (await Rung(output, outputBuffers, frameIndex, renderDevice, rung, outputFrame))
            {
                Frame?.Copied(rung, rung == CopyRung.ZeroCopy ? 0 : bytes);
                onScreen = true;
                break;
            }
            output.Ladder.Failed(rung);
        }
        if (!onScreen) outputFrame.Dropped = true;
        else if (_topology.Devices[output.Device].Profile.Importer == ImporterKind.CpuOnly)
        {
            // A USB display has no engine of its own: the CPU reads (and compresses) every frame it shows.
            Costs?.CpuRead(bytes);
            outputFrame.CpuOnPath = true;
        }
    }

    /// <summary>One rung of the copy ladder for frame <paramref name="frameIndex"/>: whether it brought the frame to the output.</summary>
    private async Coroutine<bool> Rung(OutputState output, OutputBuffers outputBuffers, int frameIndex, int renderDevice, CopyRung rung, OutputFrame outputFrame)
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
                }
                var read = await _kernel.Call(new Render(FileOf(display), onDisplay));
                if (!read.Ok) return false;
                var write = await _kernel.Call(new Render(FileOf(display), output.BlitTargets[frameIndex]));
                if (!write.Ok) return false;
                var shown = await _kernel.Call(new Scanout(FileOf(display), output.BlitTargets[frameIndex], output.Spec.Name));
                if (!shown.Ok) return false;
                Costs?.Copy(display, read.Value.Placement, read.Value.PagesDevice, write.Value.Placement, display, bytes);
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
                var source = BufferPlacement.For(_topology.Devices[renderDevice]);
                Costs?.Copy(renderDevice, source, renderDevice, copy.Value.Placement, copy.Value.PagesDevice, bytes);
                return true;
            }
            default:
            {
                await EnsureDumb(output, frameIndex);
                if (output.Dumb[frameIndex] == 0) return false;
                var shown = await _kernel.Call(new Scanout(FileOf(display), output.Dumb[frameIndex], output.Spec.Name));
                if (!shown.Ok) return false;
                Costs?.CpuCopy(bytes);
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
        if (dumb.Ok) output.Dumb[frameIndex] = dumb.Value.Handle;
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
        Array.Clear(output.BlitTargets);
        Array.Clear(output.Dumb);
    }
}
