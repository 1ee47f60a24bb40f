using Akka.Actor;
using Emulation.Messages;
using Emulation.Tests.Serialization;
using Xunit.Abstractions;

namespace Emulation.Tests.Actors;

/// <summary>Every kernel request type has a reply type, and the kernel actor answers each one with it.</summary>
public sealed class ProtocolCompletenessTests(ITestOutputHelper output) : MachineKernelTestKit("protocol", output)
{
    private static IEnumerable<Type> RequestTypes() => typeof(IEmulationMessage).Assembly.GetTypes()
        .Where(t => typeof(IKernelRequest).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static Type ReplyTypeOf(Type request) =>
        typeof(IEmulationMessage).Assembly.GetType(request.FullName![..^"Request".Length] + "Reply")
        ?? throw new InvalidOperationException($"{request.Name} has no {request.Name[..^"Request".Length]}Reply");

    [Fact]
    public void Every_request_is_named_XRequest_and_has_an_XReply()
    {
        Assert.NotEmpty(RequestTypes());
        Assert.All(RequestTypes(), t =>
        {
            Assert.EndsWith("Request", t.Name);
            Assert.True(typeof(IKernelReply).IsAssignableFrom(ReplyTypeOf(t)), t.Name);
        });
    }

    [Fact]
    public void The_kernel_actor_answers_every_request_type_with_its_reply()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        var samples = MessageSamples.All(TestActor);
        var sent = 0;
        foreach (var type in RequestTypes())
        {
            // The samples name files and handles that do not exist: most answers are errnos, all are answers.
            var request = (IKernelRequest)samples[type];
            refs.Kernel.Tell(request);
            var reply = ExpectMsg<IKernelReply>();
            Assert.Equal(ReplyTypeOf(type), reply.GetType());
            Assert.Equal(request.RequestId, reply.RequestId);
            sent++;
        }
        Assert.Equal(sent, KernelStatsOf(refs.Kernel).Operations);
        Assert.Equal(0, KernelStatsOf(refs.Kernel).InvariantViolations);
    }
}
