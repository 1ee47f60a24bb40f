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

    public async Coroutine Composite(int frame, Func<string, int> clientRenderDevice)
    {
        foreach (var o in _outputs)
        {
            if (!_present.Contains(o.Device)) continue;
            var of = new OutputFrame(o.Spec.Name);
            Frame?.Outputs.Add(of);
            var rd = RenderDeviceFor(o);
            if (rd < 0)
            {
                of.Dropped = true;
                continue;
            }
            of.Path.Add(rd);
            foreach (var s in _surfaces.Values.Where(s => s.Output == o.Spec.Name))
            {
                if (clientRenderDevice(s.Client) is var cd and >= 0) of.Path.Add(cd);
                if (s.Current is not { } key || !s.Buffers.TryGetValue(key, out var b) || b.Device < 0) continue;
                await Sample(b, rd, of);
            }
            await Draw(o, rd, of);
        }
    }

    /// <summary>cosmic-comp's render_node_for_output for `per-output`; the primary for `fixed-primary`.</summary>
    private int RenderDeviceFor(OutputState o)
    {
        if (_spec.Render == RenderPreset.PerOutput && Renders(o.Device))
        {
            var onOutput = _surfaces.Values.Where(s => s.Output == o.Spec.Name).ToList();
            if (onOutput.Count == 0 || onOutput.Any(s => s.Current is { } k && s.Buffers.TryGetValue(k, out var b)
                                                          && _t.IndexOf(b.Buffer.AllocDevice) == o.Device))
                return o.Device;
        }
        return Renders(Primary) ? Primary : -1;
    }

    /// <summary>The render device reads a surface: where it was imported, or via a shadow copy made on that device.</summary>
    private async Coroutine Sample(Imported b, int rd, OutputFrame of)
    {
        var bytes = b.Buffer.Bytes;
        var use = await _kernel.Call(new Render(FileOf(b.Device), b.Handle));
        if (!b.Classified)
        {
            b.Effects.AddRange(use.Effects);
            Classify(b, use.Errno);
        }
        if (!use.Ok) return;
        Costs?.Access(b.Device, use.Value.Placement, use.Value.PagesDevice, bytes);
        if (b.Device == rd) return;

        of.Path.Add(b.Device);
        if (!b.Shadows.TryGetValue(rd, out var shadow))
        {
            var made = await MakeShadow(b, rd);
            if (made is null) return;
            shadow = made;
            b.Shadows[rd] = shadow;
        }
        var write = await _kernel.Call(new Render(FileOf(b.Device), shadow.Handle));
        if (!write.Ok) return;
        Costs?.Access(b.Device, write.Value.Placement, write.Value.PagesDevice, bytes);
        Frame?.Copied(CopyRung.GpuCopy, bytes);
        var read = await _kernel.Call(new Render(FileOf(rd), shadow.RenderHandle));
        if (read.Ok) Costs?.Access(rd, read.Value.Placement, read.Value.PagesDevice, bytes);
    }

    /// <summary>A linear gtt buffer on the sampling device, exported and imported by the render device; null when that fails.</summary>
    private async Coroutine<Shadow?> MakeShadow(Imported b, int rd)
    {
        var x = b.Device;
        var alloc = await _kernel.Call(new Alloc(FileOf(x), b.Buffer.Bytes, Placement.Gtt));
        if (!alloc.Ok)
        {
            alloc = await _kernel.Call(new Alloc(FileOf(x), b.Buffer.Bytes, BufferPlacement.For(_t.Devices[x])));
            if (!alloc.Ok) return null;
        }
        var export = await _kernel.Call(new Export(FileOf(x), alloc.Value.Handle, ExportRdwr));
        if (!export.Ok) return null;
        var import = await _kernel.Call(new Import(FileOf(rd), export.Value.Fd, 0));
        if (!import.Ok)
        {
            await _kernel.Call(new CloseFd(export.Value.Fd));
            await _kernel.Call(new GemClose(FileOf(x), alloc.Value.Handle));
            return null;
        }
        return new Shadow(x, alloc.Value.Handle, export.Value.Fd, rd, import.Value.Handle);
    }

    /// <summary>Composes the output's frame on the render device, then shows it.</summary>
    private async Coroutine Draw(OutputState o, int rd, OutputFrame of)
    {
        var bytes = o.Spec.FrameBytes;
        if (!o.ByRenderDevice.TryGetValue(rd, out var ob))
        {
            ob = new OutputBuffers();
            o.ByRenderDevice[rd] = ob;
        }
        var i = o.Flip;
        o.Flip ^= 1;
        if (ob.Handle[i] == 0)
        {
            var alloc = await _kernel.Call(new Alloc(FileOf(rd), bytes, BufferPlacement.For(_t.Devices[rd])));
            if (!alloc.Ok)
            {
                of.Dropped = true;
                return;
            }
            ob.Handle[i] = alloc.Value.Handle;
        }
        var draw = await _kernel.Call(new Render(FileOf(rd), ob.Handle[i]));
        if (!draw.Ok)
        {
            of.Dropped = true;
            return;
        }
        Costs?.Access(rd, draw.Value.Placement, rd, bytes);

        if (o.Device == rd)
        {
            var shown = await _kernel.Call(new Scanout(FileOf(rd), ob.Handle[i], o.Spec.Name));
            if (!shown.Ok) of.Dropped = true;
            return;
        }
        var onScreen = false;
        foreach (var rung in o.Ladder.Rungs().ToList())
        {
            if (await Rung(o, ob, i, rd, rung, of))
            {
                Frame?.Copied(rung, rung == CopyRung.ZeroCopy ? 0 : bytes);
                onScreen = true;
                break;
            }
            o.Ladder.Failed(rung);
        }
        if (!onScreen) of.Dropped = true;
        else if (_t.Devices[o.Device].Profile.Importer == ImporterKind.CpuOnly)
        {
            // A USB display has no engine of its own: the CPU reads (and compresses) every frame it shows.
            Costs?.CpuRead(bytes);
            of.CpuOnPath = true;
        }
    }

    /// <summary>One rung of the copy ladder for frame <paramref name="frameIndex"/>: whether it brought the frame to the output.</summary>
    private async Coroutine<bool> Rung(OutputState o, OutputBuffers ob, int frameIndex, int rd, CopyRung rung, OutputFrame of)
    {
        var i = frameIndex;
        var display = o.Device;
        var bytes = o.Spec.FrameBytes;
        switch (rung)
        {
            case CopyRung.ZeroCopy:
            {
                var onDisplay = await ImportFrame(ob, i, rd, display);
                if (onDisplay == 0) return false;
                var shown = await _kernel.Call(new Scanout(FileOf(display), onDisplay, o.Spec.Name));
                return shown.Ok;
            }
            case CopyRung.Blit:
            {
                if (!Renders(display)) return false;
                var onDisplay = await ImportFrame(ob, i, rd, display);
                if (onDisplay == 0) return false;
                if (o.BlitTargets[i] == 0)
                {
                    var alloc = await _kernel.Call(new Alloc(FileOf(display), bytes, BufferPlacement.For(_t.Devices[display])));
                    if (!alloc.Ok) return false;
                    o.BlitTargets[i] = alloc.Value.Handle;
                }
                var read = await _kernel.Call(new Render(FileOf(display), onDisplay));
                if (!read.Ok) return false;
                var write = await _kernel.Call(new Render(FileOf(display), o.BlitTargets[i]));
                if (!write.Ok) return false;
                var shown = await _kernel.Call(new Scanout(FileOf(display), o.BlitTargets[i], o.Spec.Name));
                if (!shown.Ok) return false;
                Costs?.Copy(display, read.Value.Placement, read.Value.PagesDevice, write.Value.Placement, display, bytes);
                of.Path.Add(display);
                return true;
            }
            case CopyRung.GpuCopy:
            {
                await EnsureDumb(o, i);
                if (o.Dumb[i] == 0) return false;
                if (ob.DumbOnRender[i] == 0)
                {
                    var export = await _kernel.Call(new Export(FileOf(display), o.Dumb[i], ExportRdwr));
                    if (!export.Ok) return false;
                    var import = await _kernel.Call(new Import(FileOf(rd), export.Value.Fd, 0));
                    if (!import.Ok)
                    {
                        await _kernel.Call(new CloseFd(export.Value.Fd));
                        return false;
                    }
                    ob.DumbFd[i] = export.Value.Fd;
                    ob.DumbOnRender[i] = import.Value.Handle;
                }
                var copy = await _kernel.Call(new Render(FileOf(rd), ob.DumbOnRender[i]));
                if (!copy.Ok) return false;
                var shown = await _kernel.Call(new Scanout(FileOf(display), o.Dumb[i], o.Spec.Name));
                if (!shown.Ok) return false;
                var source = BufferPlacement.For(_t.Devices[rd]);
                Costs?.Copy(rd, source, rd, copy.Value.Placement, copy.Value.PagesDevice, bytes);
                return true;
            }
            default:
            {
                await EnsureDumb(o, i);
                if (o.Dumb[i] == 0) return false;
                var shown = await _kernel.Call(new Scanout(FileOf(display), o.Dumb[i], o.Spec.Name));
                if (!shown.Ok) return false;
                Costs?.CpuCopy(bytes);
                of.CpuOnPath = true;
                return true;
            }
        }
    }

    /// <summary>The output device's import of the render device's frame i (exported once, imported once); 0 when that fails.</summary>
    private async Coroutine<int> ImportFrame(OutputBuffers ob, int i, int rd, int display)
    {
        if (ob.OnDisplay[i] != 0) return ob.OnDisplay[i];
        if (ob.Fd[i] == 0)
        {
            var export = await _kernel.Call(new Export(FileOf(rd), ob.Handle[i], ExportRdwr));
            if (!export.Ok) return 0;
            ob.Fd[i] = export.Value.Fd;
        }
        var import = await _kernel.Call(new Import(FileOf(display), ob.Fd[i], 0));
        if (!import.Ok) return 0;
        ob.OnDisplay[i] = import.Value.Handle;
        return import.Value.Handle;
    }

    /// <summary>Linear dumb buffers of the output's device (mutter's primary-GPU and CPU copy targets).</summary>
    private async Coroutine EnsureDumb(OutputState o, int i)
    {
        if (o.Dumb[i] != 0) return;
        var dumb = await _kernel.Call(new CreateDumb(FileOf(o.Device), (uint)o.Spec.Width, (uint)o.Spec.Height, 32));
        if (dumb.Ok) o.Dumb[i] = dumb.Value.Handle;
    }

    /// <summary>Releases what an output keeps on or from a device that is going.</summary>
    private async Coroutine DropOutputResources(OutputState o, int device)
    {
        foreach (var (rd, ob) in o.ByRenderDevice.ToList())
        {
            if (rd != device && o.Device != device) continue;
            o.ByRenderDevice.Remove(rd);
            for (var i = 0; i < 2; i++)
            {
                if (ob.OnDisplay[i] != 0 && o.Device != device && _present.Contains(o.Device))
                    await _kernel.Call(new GemClose(FileOf(o.Device), ob.OnDisplay[i]));
                if (ob.DumbOnRender[i] != 0 && rd != device && _present.Contains(rd))
                    await _kernel.Call(new GemClose(FileOf(rd), ob.DumbOnRender[i]));
                if (ob.Handle[i] != 0 && rd != device && _present.Contains(rd))
                    await _kernel.Call(new GemClose(FileOf(rd), ob.Handle[i]));
                if (ob.Fd[i] != 0) await _kernel.Call(new CloseFd(ob.Fd[i]));
                if (ob.DumbFd[i] != 0) await _kernel.Call(new CloseFd(ob.DumbFd[i]));
            }
        }
        if (o.Device != device) return;
        Array.Clear(o.BlitTargets);
        Array.Clear(o.Dumb);
    }
}
