using R1Gym.Gym;
using R1Gym.Testing;

namespace R1Gym.Tasks.Code.Tests;

/// <summary>The gym's conformance check (options, determinism, reference = 1.0 through the sandbox, hostile output) on every code task.</summary>
[Collection(SandboxCollection.Name)]
public sealed class ConformanceTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Every_code_task_passes_the_gym_conformance_check_with_the_real_sandbox()
    {
        var options = new ConformanceOptions { Samples = 1, Seeds = [0, 1] };

        var reports = await Task.WhenAll(fixture.Registry.All.Select(d => Conformance.CheckAsync(fixture.Registry, d.Id, options)));

        reports.Should().HaveCountGreaterThanOrEqualTo(63);
        reports.Where(r => !r.Passed).Select(r => r.ToString()).Should().BeEmpty();
    }
}
