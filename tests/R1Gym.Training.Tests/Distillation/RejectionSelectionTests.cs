using R1Gym.Abstractions;
using R1Gym.Training.Distillation;
using R1Gym.Training.Evaluation;

namespace R1Gym.Training.Tests.Distillation;

public sealed class RejectionSelectionTests
{
    private const string Good = "add the units then the tens\n</think>\n125";

    private static SampleRecord Sample(string completion, bool correct, string finish = "eos") =>
        new(completion, "125", correct ? 1 : 0, correct, correct ? "correct" : "wrong", 10, finish, true);

    [Fact]
    public void Only_verified_readable_distinct_completions_are_kept()
    {
        var problems = new[] { new Problem("58+67", "125"), new Problem("1+1", "2") };
        var samples = new[]
        {
            new[]
            {
                Sample(Good, correct: true),
                Sample("add the units  then the tens\n</think>\n125", correct: true),   // same text once whitespace is collapsed
                Sample("wrong idea\n</think>\n124", correct: false),
                Sample("no think block 125", correct: true),
                Sample("carry the one\n</think>\n125", correct: true, finish: "length"),
            },
            new[] { Sample("one plus one\n</think>\n2", correct: true), Sample("count up by one\n</think>\n2", correct: true), Sample("two ones make two\n</think>\n2", correct: true) },
        };

        var (kept, rejected) = RejectionSampler.Select(problems, samples, new RejectionSamplingOptions { MaxKeptPerPrompt = 2 });

        kept.Select(k => (k.Problem, k.Index)).Should().Equal((0, 0), (1, 0), (1, 1));
        kept.Should().OnlyContain(k => k.Sample.Correct);
        rejected.Should().BeEquivalentTo(new Dictionary<string, int>
        {
            ["duplicate"] = 1, ["verifier"] = 1, ["format"] = 1, ["truncated"] = 1, ["per_prompt_cap"] = 1,
        });
    }
}
