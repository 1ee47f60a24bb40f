using Emulation.Actors.Uapi;
using Emulation.Messages;
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

    public IEnumerable<IKernelRequest> Composite(int frame, Func<string, int> clientRenderDevice)
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
                foreach (var r in Sample(b, rd, of)) yield return r;
            }
            foreach (var r in Draw(o, rd, of)) yield return r;
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
    private IEnumerable<IKernelRequest> Sample(Imported b, int rd, OutputFrame of)
    {
        var bytes = b.Buffer.Bytes;
        yield return new RenderRequest(_k.NextId(), FileOf(b.Device), b.Handle);
        var use = _k.Last<RenderReply>();
        if (!b.Classified)
        {
            b.Effects.AddRange(use.Effects);
            Classify(b, use.Errno);
        }
        if (use.Errno != Errno.None) yield break;
        Costs?.Access(b.Device, use.Value.Placement, use.Value.PagesDevice, bytes);
        if (b.Device == rd) yield break;

        of.Path.Add(b.Device);
        if (!b.Shadows.TryGetValue(rd, out var shadow))
        {
            Shadow? made = null;
            foreach (var r in MakeShadow(b, rd, s => made = s)) yield return r;
            if (made is null) yield break;
            shadow = made;
            b.Shadows[rd] = shadow;
        }
        yield return new RenderRequest(_k.NextId(), FileOf(b.Device), shadow.Handle);
        var write = _k.Last<RenderReply>();
        if (write.Errno != Errno.None) yield break;
        Costs?.Access(b.Device, write.Value.Placement, write.Value.PagesDevice, bytes);
        Frame?.Copied(CopyRung.GpuCopy, bytes);
        yield return new RenderRequest(_k.NextId(), FileOf(rd), shadow.RenderHandle);
        var read = _k.Last<RenderReply>();
        if (read.Errno == Errno.None) Costs?.Access(rd, read.Value.Placement, read.Value.PagesDevice, bytes);
    }

    private IEnumerable<IKernelRequest> MakeShadow(Imported b, int rd, Action<Shadow> made)
    {
        var x = b.Device;
        yield return new AllocRequest(_k.NextId(), FileOf(x), b.Buffer.Bytes, Placement.Gtt);
        var alloc = _k.Last<AllocReply>();
        if (alloc.Errno != Errno.None)
        {
            yield return new AllocRequest(_k.NextId(), FileOf(x), b.Buffer.Bytes, BufferPlacement.For(_t.Devices[x]));
            alloc = _k.Last<AllocReply>();
            if (alloc.Errno != Errno.None) yield break;
        }
        yield return new ExportRequest(_k.NextId(), FileOf(x), alloc.Value.Handle, ExportRdwr);
        var export = _k.Last<ExportReply>();
        if (export.Errno != Errno.None) yield break;
        yield return new ImportRequest(_k.NextId(), FileOf(rd), export.Value.Fd, 0);
        var import = _k.Last<ImportReply>();
        if (import.Errno != Errno.None)
        {
            yield return new CloseFdRequest(_k.NextId(), export.Value.Fd);
            yield return new GemCloseRequest(_k.NextId(), FileOf(x), alloc.Value.Handle);
            yield break;
        }
        made(new Shadow(x, alloc.Value.Handle, export.Value.Fd, rd, import.Value.Handle));
    }

    /// <summary>Composes the output's frame on the render device, then shows it.</summary>
    private IEnumerable<IKernelRequest> Draw(OutputState o, int rd, OutputFrame of)
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
            yield return new AllocRequest(_k.NextId(), FileOf(rd), bytes, BufferPlacement.For(_t.Devices[rd]));
            var alloc = _k.Last<AllocReply>();
            if (alloc.Errno != Errno.None)
            {
                of.Dropped = true;
                yield break;
            }
            ob.Handle[i] = alloc.Value.Handle;
        }
        yield return new RenderRequest(_k.NextId(), FileOf(rd), ob.Handle[i]);
        var draw = _k.Last<RenderReply>();
        if (draw.Errno != Errno.None)
        {
            of.Dropped = true;
            yield break;
        }
        Costs?.Access(rd, draw.Value.Placement, rd, bytes);

        if (o.Device == rd)
        {
            yield return new ScanoutRequest(_k.NextId(), FileOf(rd), ob.Handle[i], o.Spec.Name);
            if (_k.Last<ScanoutReply>().Errno != Errno.None) of.Dropped = true;
            yield break;
        }
        var shown = false;
        foreach (var rung in o.Ladder.Rungs().ToList())
        {
            var ok = false;
            foreach (var r in Rung(o, ob, i, rd, rung, of, done => ok = done)) yield return r;
            if (ok)
            {
                Frame?.Copied(rung, rung == CopyRung.ZeroCopy ? 0 : bytes);
                shown = true;
                break;
            }
            o.Ladder.Failed(rung);
        }
        if (!shown) of.Dropped = true;
        else if (_t.Devices[o.Device].Profile.Importer == ImporterKind.CpuOnly)
        {
            // A USB display has no engine of its own: the CPU reads (and compresses) every frame it shows.
            Costs?.CpuRead(bytes);
            of.CpuOnPath = true;
        }
    }

    private IEnumerable<IKernelRequest> Rung(OutputState o, OutputBuffers ob, int i, int rd, CopyRung rung, OutputFrame of, Action<bool> done)
    {
        var display = o.Device;
        var bytes = o.Spec.FrameBytes;
        switch (rung)
        {
            case CopyRung.ZeroCopy:
            {
                var onDisplay = 0;
                foreach (var r in ImportFrame(ob, i, rd, display, h => onDisplay = h)) yield return r;
                if (onDisplay == 0) break;
                yield return new ScanoutRequest(_k.NextId(), FileOf(display), onDisplay, o.Spec.Name);
                done(_k.Last<ScanoutReply>().Errno == Errno.None);
                break;
            }
            case CopyRung.Blit:
            {
                if (!Renders(display)) break;
                var onDisplay = 0;
                foreach (var r in ImportFrame(ob, i, rd, display, h => onDisplay = h)) yield return r;
                if (onDisplay == 0) break;
                if (o.BlitTargets[i] == 0)
                {
                    yield return new AllocRequest(_k.NextId(), FileOf(display), bytes, BufferPlacement.For(_t.Devices[display]));
                    var alloc = _k.Last<AllocReply>();
                    if (alloc.Errno != Errno.None) break;
                    o.BlitTargets[i] = alloc.Value.Handle;
                }
                yield return new RenderRequest(_k.NextId(), FileOf(display), onDisplay);
                var read = _k.Last<RenderReply>();
                if (read.Errno != Errno.None) break;
                yield return new RenderRequest(_k.NextId(), FileOf(display), o.BlitTargets[i]);
                var write = _k.Last<RenderReply>();
                if (write.Errno != Errno.None) break;
                yield return new ScanoutRequest(_k.NextId(), FileOf(display), o.BlitTargets[i], o.Spec.Name);
                if (_k.Last<ScanoutReply>().Errno != Errno.None) break;
                Costs?.Copy(display, read.Value.Placement, read.Value.PagesDevice, write.Value.Placement, display, bytes);
                of.Path.Add(display);
                done(true);
                break;
            }
            case CopyRung.GpuCopy:
            {
                foreach (var r in EnsureDumb(o, i)) yield return r;
                if (o.Dumb[i] == 0) break;
                if (ob.DumbOnRender[i] == 0)
                {
                    yield return new ExportRequest(_k.NextId(), FileOf(display), o.Dumb[i], ExportRdwr);
                    var export = _k.Last<ExportReply>();
                    if (export.Errno != Errno.None) break;
                    yield return new ImportRequest(_k.NextId(), FileOf(rd), export.Value.Fd, 0);
                    var import = _k.Last<ImportReply>();
                    if (import.Errno != Errno.None)
                    {
                        yield return new CloseFdRequest(_k.NextId(), export.Value.Fd);
                        break;
                    }
                    ob.DumbFd[i] = export.Value.Fd;
                    ob.DumbOnRender[i] = import.Value.Handle;
                }
                yield return new RenderRequest(_k.NextId(), FileOf(rd), ob.DumbOnRender[i]);
                var copy = _k.Last<RenderReply>();
                if (copy.Errno != Errno.None) break;
                yield return new ScanoutRequest(_k.NextId(), FileOf(display), o.Dumb[i], o.Spec.Name);
                if (_k.Last<ScanoutReply>().Errno != Errno.None) break;
                var source = BufferPlacement.For(_t.Devices[rd]);
                Costs?.Copy(rd, source, rd, copy.Value.Placement, copy.Value.PagesDevice, bytes);
                done(true);
                break;
            }
            default:
            {
                foreach (var r in EnsureDumb(o, i)) yield return r;
                if (o.Dumb[i] == 0) break;
                yield return new ScanoutRequest(_k.NextId(), FileOf(display), o.Dumb[i], o.Spec.Name);
                if (_k.Last<ScanoutReply>().Errno != Errno.None) break;
                Costs?.CpuCopy(bytes);
                of.CpuOnPath = true;
                done(true);
                break;
            }
        }
    }

    /// <summary>The output device's import of the render device's frame i (exported once, imported once).</summary>
    private IEnumerable<IKernelRequest> ImportFrame(OutputBuffers ob, int i, int rd, int display, Action<int> handle)
    {
        if (ob.OnDisplay[i] != 0)
        {
            handle(ob.OnDisplay[i]);
            yield break;
        }
        if (ob.Fd[i] == 0)
        {
            yield return new ExportRequest(_k.NextId(), FileOf(rd), ob.Handle[i], ExportRdwr);
            var export = _k.Last<ExportReply>();
            if (export.Errno != Errno.None) yield break;
            ob.Fd[i] = export.Value.Fd;
        }
        yield return new ImportRequest(_k.NextId(), FileOf(display), ob.Fd[i], 0);
        var import = _k.Last<ImportReply>();
        if (import.Errno != Errno.None) yield break;
        ob.OnDisplay[i] = import.Value.Handle;
        handle(import.Value.Handle);
    }

    /// <summary>Linear dumb buffers of the output's device (mutter's primary-GPU and CPU copy targets).</summary>
    private IEnumerable<IKernelRequest> EnsureDumb(OutputState o, int i)
    {
        if (o.Dumb[i] != 0) yield break;
        yield return new CreateDumbRequest(_k.NextId(), FileOf(o.Device), (uint)o.Spec.Width, (uint)o.Spec.Height, 32);
        var dumb = _k.Last<CreateDumbReply>();
        if (dumb.Errno == Errno.None) o.Dumb[i] = dumb.Value.Handle;
    }

    /// <summary>Releases what an output keeps on or from a device that is going.</summary>
    private IEnumerable<IKernelRequest> DropOutputResources(OutputState o, int device)
    {
        foreach (var (rd, ob) in o.ByRenderDevice.ToList())
        {
            if (rd != device && o.Device != device) continue;
            o.ByRenderDevice.Remove(rd);
            for (var i = 0; i < 2; i++)
            {
                if (ob.OnDisplay[i] != 0 && o.Device != device && _present.Contains(o.Device))
                    yield return new GemCloseRequest(_k.NextId(), FileOf(o.Device), ob.OnDisplay[i]);
                if (ob.DumbOnRender[i] != 0 && rd != device && _present.Contains(rd))
                    yield return new GemCloseRequest(_k.NextId(), FileOf(rd), ob.DumbOnRender[i]);
                if (ob.Handle[i] != 0 && rd != device && _present.Contains(rd))
                    yield return new GemCloseRequest(_k.NextId(), FileOf(rd), ob.Handle[i]);
                if (ob.Fd[i] != 0) yield return new CloseFdRequest(_k.NextId(), ob.Fd[i]);
                if (ob.DumbFd[i] != 0) yield return new CloseFdRequest(_k.NextId(), ob.DumbFd[i]);
            }
        }
        if (o.Device != device) yield break;
        Array.Clear(o.BlitTargets);
        Array.Clear(o.Dumb);
    }
}
