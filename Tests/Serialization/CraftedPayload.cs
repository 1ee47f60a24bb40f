using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace Emulation.Tests.Serialization;

/// <summary>
/// What a hostile peer would make a receiver build: a message with our marker that lives outside the allow-list
/// (in the test assembly), with code that runs as soon as the runtime creates an instance: its static
/// initializer. Nothing in the process creates one except a deserializer (the sender builds a
/// <see cref="HarmlessDecoy"/> and renames it in the bytes), so <see cref="GadgetWitness"/> shows whether
/// any system deserialized one. Never touch its static members: that would run the initializer too.
/// </summary>
public sealed record GadgetMessage(int Payload) : IEmulationMessage
{
    static GadgetMessage() => GadgetWitness.TypeInitialised();
}

/// <summary>Records whether <see cref="GadgetMessage"/>'s static initializer ran (kept outside the type, so reading it runs nothing).</summary>
public static class GadgetWitness
{
    private static int _initialisations;

    public static int Initialisations => Volatile.Read(ref _initialisations);

    internal static void TypeInitialised() => Interlocked.Increment(ref _initialisations);
}

/// <summary>The message the sender builds; <see cref="CraftingSerializer"/> makes its bytes name <see cref="GadgetMessage"/> (same fields, same length of name).</summary>
public sealed record HarmlessDecoy(int Payload) : IEmulationMessage;

/// <summary>
/// A sender's `hyperion` serializer that crafts payloads: Akka's plain Hyperion (our HOCON settings and known
/// types, no allow-list, same identifier, so a receiver hands the bytes to its own Hyperion), with the type name
/// of every <see cref="HarmlessDecoy"/> rewritten to <see cref="GadgetMessage"/> in the bytes it puts on the wire.
/// </summary>
public sealed class CraftingSerializer : Serializer
{
    private static readonly byte[] DecoyName = Encoding.UTF8.GetBytes(nameof(HarmlessDecoy));
    private static readonly byte[] GadgetName = Encoding.UTF8.GetBytes(nameof(GadgetMessage));

    private readonly HyperionSerializer _plain;

    public CraftingSerializer(ExtendedActorSystem system, Config config) : base(system) =>
        _plain = new HyperionSerializer(system, HyperionSerializerSettings.Create(config));

    public override int Identifier => _plain.Identifier;

    public override bool IncludeManifest => _plain.IncludeManifest;

    public override byte[] ToBinary(object obj)
    {
        var bytes = _plain.ToBinary(obj);
        return obj is HarmlessDecoy ? Craft(bytes) : bytes;
    }

    public override object FromBinary(byte[] bytes, Type type) => _plain.FromBinary(bytes, type);

    /// <summary>The decoy's bytes with its type name replaced by the gadget's (a name of the same length: the length prefix stays right).</summary>
    public static byte[] Craft(byte[] decoyBytes)
    {
        var at = decoyBytes.AsSpan().IndexOf(DecoyName);
        if (at < 0 || decoyBytes.AsSpan(at + 1).IndexOf(DecoyName) >= 0)
            throw new InvalidOperationException($"expected {nameof(HarmlessDecoy)} by name exactly once in the payload");
        var crafted = (byte[])decoyBytes.Clone();
        GadgetName.CopyTo(crafted, at);
        return crafted;
    }
}
