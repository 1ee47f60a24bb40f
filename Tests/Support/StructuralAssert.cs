using System.Collections;
using System.Reflection;
using Akka.Actor;

namespace Emulation.Tests.Support;

/// <summary>
/// Compares two object graphs by value: records property by property, collections element by element
/// (ImmutableArray compares by reference, so record equality is no use after a round trip), actor refs
/// by path. Fails with the path of the first difference.
/// </summary>
public static class StructuralAssert
{
    public static void Equal(object? expected, object? actual) => Compare(expected, actual, "$");

    private static void Compare(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }
        var type = expected.GetType();
        Assert.True(type == actual.GetType(), $"{path}: expected a {type}, got a {actual.GetType()}");
        if (type.IsPrimitive || type.IsEnum || expected is string or decimal or Emulation.Actors.Uapi.Unit)
        {
            Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
            return;
        }
        if (expected is IActorRef expectedRef)
        {
            Assert.True(expectedRef.Path.Equals(((IActorRef)actual).Path), $"{path}: expected {expectedRef.Path}, got {((IActorRef)actual).Path}");
            return;
        }
        if (expected is IEnumerable expectedItems)
        {
            var e = expectedItems.Cast<object?>().ToList();
            var a = ((IEnumerable)actual).Cast<object?>().ToList();
            Assert.True(e.Count == a.Count, $"{path}: expected {e.Count} elements, got {a.Count}");
            for (var i = 0; i < e.Count; i++) Compare(e[i], a[i], $"{path}[{i}]");
            return;
        }
        var properties = type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .ToList();
        Assert.True(properties.Count > 0, $"{path}: {type} has no public properties to compare");
        foreach (var p in properties)
            Compare(p.GetValue(expected), p.GetValue(actual), $"{path}.{p.Name}");
    }
}
