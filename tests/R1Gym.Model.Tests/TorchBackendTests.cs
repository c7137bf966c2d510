using R1Gym.Abstractions;
using static TorchSharp.torch;

namespace R1Gym.Model.Tests;

public sealed class TorchBackendTests
{
    [Fact]
    public void Cpu_resolves_to_the_cpu_device()
    {
        TorchBackend.Resolve("cpu").Should().Be(CPU);
    }

    [Fact]
    public void An_unknown_device_name_is_rejected_with_the_choices()
    {
        var act = () => TorchBackend.Resolve("tpu");

        act.Should().Throw<R1GymException>().WithMessage("*cpu, cuda, cuda:N or auto*");
    }
}
