namespace R1Gym.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class SmokeTests(SandboxFixture fixture)
{
    [Fact]
    public async Task A_correct_function_answer_is_accepted()
    {
        var result = await fixture.Sandbox.RunAsync(SandboxFixture.Adder, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.Accepted, result.Diagnostics);
        result.Passed.Should().Be(3);
    }
}
