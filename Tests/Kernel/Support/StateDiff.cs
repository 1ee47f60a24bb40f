using System.Collections.Immutable;

namespace Emulation.Tests.Kernel.Support;

/// <summary>
/// The real difference between two kernel states, found by comparing every entry (O(state)): what a recorded
/// <see cref="KernelChanges"/> must cover, and the change set to hand the incremental checker for a state corrupted
/// by hand. Counters, clock, budgets, knobs and the kernel's own index are left out: no invariant reads them.
/// </summary>
internal static class StateDiff
{
    public static KernelChanges Between(KernelState before, KernelState after)
    {
        var changes = new KernelChanges();
        foreach (var id in Keys(before.Objects, after.Objects))
            if (!Equals(before.Objects.GetValueOrDefault(id), after.Objects.GetValueOrDefault(id))) changes.Object(id);
        foreach (var id in Keys(before.DmaBufs, after.DmaBufs))
            if (!Equals(before.DmaBufs.GetValueOrDefault(id), after.DmaBufs.GetValueOrDefault(id))) changes.DmaBuf(id);
        foreach (var id in Keys(before.Fds, after.Fds))
            if (!Equals(before.Fds.GetValueOrDefault(id), after.Fds.GetValueOrDefault(id))) changes.Fd(id);
        foreach (var id in Keys(before.Attachments, after.Attachments))
            if (!Equals(before.Attachments.GetValueOrDefault(id), after.Attachments.GetValueOrDefault(id))) changes.Attachment(id);
        foreach (var output in Keys(before.Scanouts, after.Scanouts))
            if (!Equals(before.Scanouts.GetValueOrDefault(output), after.Scanouts.GetValueOrDefault(output))) changes.Scanout(output);
        for (var d = 0; d < Math.Max(before.Devices.Length, after.Devices.Length); d++)
            if (d >= before.Devices.Length || d >= after.Devices.Length || before.Devices[d] != after.Devices[d]) changes.Device(d);
        if (!before.PoolUsed.SequenceEqual(after.PoolUsed)) changes.Pool();
        foreach (var id in Keys(before.Files, after.Files))
        {
            var (was, now) = (before.Files.GetValueOrDefault(id), after.Files.GetValueOrDefault(id));
            if (was is null || now is null || (was.Device, was.Generation, was.RenderNode, was.Owner) != (now.Device, now.Generation, now.RenderNode, now.Owner))
                changes.File(id);
            var empty = ImmutableSortedDictionary<int, int>.Empty;
            foreach (var h in Changed(was?.Handles ?? empty, now?.Handles ?? empty)) changes.Handle(id, h);
            foreach (var d in Changed(was?.PrimeCache ?? empty, now?.PrimeCache ?? empty)) changes.CacheEntry(id, d);
            foreach (var fb in Changed(was?.Framebuffers ?? empty, now?.Framebuffers ?? empty)) changes.Framebuffer(id, fb);
        }
        return changes;
    }

    private static IEnumerable<TKey> Keys<TKey, TValue>(ImmutableSortedDictionary<TKey, TValue> a, ImmutableSortedDictionary<TKey, TValue> b)
        where TKey : notnull =>
        a.Keys.Union(b.Keys);

    private static IEnumerable<int> Changed(ImmutableSortedDictionary<int, int> a, ImmutableSortedDictionary<int, int> b) =>
        a.Keys.Union(b.Keys).Where(k => a.TryGetValue(k, out var x) != b.TryGetValue(k, out var y) || x != y);
}
