using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Emulation.Messages.Serialization;

namespace Emulation.Tests.Serialization;

/// <summary>The shape every message keeps: sealed records with a request id, no singletons, ImmutableArray collections.</summary>
public sealed class ProtocolConventionTests
{
    public static TheoryData<string> MessageTypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var t in EmulationSerialization.MessageTypes) data.Add(t.FullName!);
        return data;
    }

    [Theory]
    [MemberData(nameof(MessageTypeNames))]
    public void Message_is_a_sealed_record_with_a_request_id_and_no_singleton(string typeName)
    {
        var type = EmulationSerialization.MessageTypes.Single(t => t.FullName == typeName);
        Assert.True(type.IsSealed, $"{type.Name} must be sealed");
        Assert.NotNull(type.GetMethod("<Clone>$"));   // the compiler's mark of a record
        Assert.Equal(typeof(long), type.GetProperty("RequestId")?.PropertyType);
        Assert.DoesNotContain(type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic),
            f => f.FieldType == type);
        Assert.All(type.GetProperties().Where(p => p.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(p.PropertyType)),
            p => Assert.True(p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(ImmutableArray<>),
                $"{type.Name}.{p.Name} must be an ImmutableArray<T>"));
    }
}
