using R1Gym.Sandbox.Bench;

namespace R1Gym.Sandbox.Tests;

/// <summary>The benchmark's workload must be honest: every answer gets the verdict the workload says it should.</summary>
[Collection(SandboxCollection.Name)]
public sealed class BenchmarkWorkloadTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Every_answer_of_the_workload_gets_its_expected_verdict()
    {
        // Answer 138 once passed every test with its "wrong" prime counter (i < n): none of its five n was prime.
        var workload = BenchmarkWorkload.Create(150);

        // Two at a time: time limits are wall-clock, and this test is about the workload, not about a loaded machine.
        var results = new SandboxResult[workload.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, workload.Count), new ParallelOptions { MaxDegreeOfParallelism = 2 },
            async (i, ct) => results[i] = await fixture.Sandbox.RunAsync(workload[i].Code, workload[i].Tests, ct));

        var mismatches = Enumerable.Range(0, workload.Count).Where(i => results[i].Verdict != workload[i].ExpectedVerdict)
            .Select(i => $"answer {i}: expected {workload[i].ExpectedVerdict}, got {results[i].Verdict} ({results[i].Diagnostics ?? results[i].Tests.FirstOrDefault(t => t.Message is not null)?.Message})");
        mismatches.Should().BeEmpty();
        workload.Select(a => a.Code).Should().OnlyHaveUniqueItems("distinct answers, so the compile cache never helps");
        workload.GroupBy(a => a.ExpectedVerdict).Select(g => g.Key).Should().BeEquivalentTo(
            [Verdicts.Accepted, Verdicts.WrongAnswer, Verdicts.CompileError, Verdicts.RuntimeError, Verdicts.TimeLimit]);
    }
}
