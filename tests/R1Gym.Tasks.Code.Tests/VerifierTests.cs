using R1Gym.Abstractions;

namespace R1Gym.Tasks.Code.Tests;

/// <summary>Scoring through the real sandbox: partial credit is exact, broken answers score 0 with a reason.</summary>
[Collection(SandboxCollection.Name)]
public sealed class VerifierTests(SandboxFixture fixture)
{
    private static string Answer(string code) => R1Format.Compose("I write it.", $"```csharp\n{code}\n```");

    private async Task<Verdict> Verify(string id, string completion)
    {
        var task = fixture.Task(id);
        return await task.VerifyAsync(new VerifyArgs(task.Generate(0, 0), completion));
    }

    [Fact]
    public async Task A_subtly_wrong_leap_year_rule_gets_exactly_the_fraction_of_tests_it_passes()
    {
        // Forgets the 100/400 exceptions: wrong on 1900, 2100, 1800 only (3 of the 9 canonical cases).
        var code = "public static class Solution { public static bool LeapYear(int year) => year % 4 == 0; }";

        var verdict = await Verify("code/leap-v1", Answer(code));

        verdict.Score.Should().BeApproximately(6.0 / 9, 1e-12);
        verdict.Reason.Should().StartWith("6/9 tests passed").And.Contain("wrong_answer");
    }

    [Fact]
    public async Task Credit_adds_up_across_entry_points_when_only_one_method_is_right()
    {
        var code = """
            using System.Linq;
            public static class Solution
            {
                public static string Encode(string phrase) => "wrong";
                public static string Decode(string phrase) =>
                    new string(phrase.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Select(c => char.IsAsciiLetter(c) ? (char)('z' - (c - 'a')) : c).ToArray());
            }
            """;

        var verdict = await Verify("code/atbash-cipher-v1", Answer(code));

        verdict.Details!["passed"]!.GetValue<int>().Should().Be(6);
        verdict.Details["total"]!.GetValue<int>().Should().Be(14);
        verdict.Score.Should().BeApproximately(6.0 / 14, 1e-12);
    }

    [Fact]
    public async Task Code_that_does_not_compile_scores_zero_and_says_so()
    {
        var verdict = await Verify("code/atbash-cipher-v1", Answer("public static class Solution { public static string Encode(string phrase) => 42; }"));

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().Contain("compile_error");
    }

    [Fact]
    public async Task A_banned_api_scores_zero_as_a_policy_violation()
    {
        var code = "public static class Solution { public static string Hello() => System.IO.File.ReadAllText(\"/etc/passwd\"); }";

        var verdict = await Verify("code/hello-world-v1", Answer(code));

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().Contain("policy_violation");
    }

    [Fact]
    public async Task An_answer_that_loops_forever_scores_zero_with_a_time_limit()
    {
        var code = "public static class Solution { public static string Hello() { while (true) { } } }";

        var verdict = await Verify("code/hello-world-v1", Answer(code));

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().Contain("time_limit");
    }

    [Theory]
    [InlineData("public static class Solution { public static string Hello() => \"Hello, World!\"; }")]
    [InlineData("<think>the code is only in my reasoning ```csharp\nclass A {}\n``` and then nothing</think>\nDone.")]
    public async Task Code_outside_a_block_or_only_inside_the_reasoning_scores_zero(string completion)
    {
        var verdict = await Verify("code/hello-world-v1", completion);

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().Contain("no C# code block");
    }

    [Fact]
    public async Task A_correct_answer_without_a_think_block_still_counts()
    {
        var verdict = await Verify("code/hello-world-v1", "```cs\npublic static class Solution { public static string Hello() => \"Hello, World!\"; }\n```");

        verdict.Score.Should().Be(1);
    }
}
