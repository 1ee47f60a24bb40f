using Emulation.Messages.Kernel;
using Emulation.Messages.Serialization;
using Xunit.Abstractions;

namespace Emulation.Tests.Devices;

/// <summary>Every operation of the kernel surface names its result type, and the kernel actor answers each one with that outcome.</summary>
public sealed class ProtocolCompletenessTests(ITestOutputHelper output) : MachineKernelTestKit("protocol", output)
{
    private static IEnumerable<Type> IoctlTypes() => typeof(IIoctl).Assembly.GetTypes()
        .Where(t => typeof(IIoctl).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static Type ResultTypeOf(Type ioctl) => ioctl.GetInterfaces()
        .Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IIoctl<>)).GetGenericArguments()[0];

    [Fact]
    public void Every_operation_is_a_sealed_record_with_one_result_type_and_its_outcome_is_on_the_wire_allow_list()
    {
        Assert.NotEmpty(IoctlTypes());
        Assert.All(IoctlTypes(), t =>
        {
            Assert.True(t.IsSealed, t.Name);
            Assert.Contains(typeof(IoctlOutcome<>).MakeGenericType(ResultTypeOf(t)), EmulationSerialization.AllowedTypes);
            Assert.Contains(t, EmulationSerialization.AllowedTypes);
        });
    }

    [Fact]
    public void The_kernel_actor_answers_every_operation_with_the_outcome_of_its_result_type()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        var sent = 0;
        foreach (var ioctl in Serialization.MessageSamples.Ioctls())
        {
            // The samples name files and handles that do not exist: most answers are errnos, all are answers.
            var id = NextId();
            refs.Kernel.Tell(new KernelCall(id, ioctl), TestActor);
            var answer = ExpectMsg<KernelAnswer>();
            Assert.Equal(typeof(IoctlOutcome<>).MakeGenericType(ResultTypeOf(ioctl.GetType())), answer.Outcome.GetType());
            Assert.Equal(id, answer.RequestId);
            sent++;
        }
        Assert.Equal(IoctlTypes().Count(), Serialization.MessageSamples.Ioctls().Select(i => i.GetType()).Distinct().Count());
        Assert.Equal(sent, KernelStatsOf(refs.Kernel).Operations);
        Assert.Equal(0, KernelStatsOf(refs.Kernel).InvariantViolations);
    }
}
