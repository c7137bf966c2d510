using R1Gym.Abstractions;
using R1Gym.Recipes.Demo;
using R1Gym.Testing;

namespace R1Gym.Recipes.Tests;

public sealed class DemoOptionsTests
{
    [Fact]
    public void The_demo_counts_steps_and_pins_its_cpu_kernels_by_default()
    {
        var options = new DemoOptions();

        options.CpuKernels.Should().Be("avx2");
        new double?[] { options.SftSecondsBudget, options.GrpoSecondsBudget, options.TotalSecondsBudget }.Should().AllSatisfy(b => b.Should().BeNull());
    }

    [Fact]
    public void An_unknown_cpu_kernel_set_is_refused_with_the_choices_named()
    {
        var options = new DemoOptions { CpuKernels = "avx3" };

        var act = () => OptionsValidation.ThrowIfInvalid(options, DemoOptions.SectionName);

        act.Should().Throw<R1GymException>().WithMessage("*CpuKernels must be avx2, avx512, default or native, found 'avx3'*");
    }
}
