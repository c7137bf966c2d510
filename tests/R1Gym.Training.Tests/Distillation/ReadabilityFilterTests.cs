using R1Gym.Training.Distillation;

namespace R1Gym.Training.Tests.Distillation;

public sealed class ReadabilityFilterTests
{
    private static readonly ReadabilityOptions Defaults = new();

    [Fact]
    public void A_well_formed_english_trace_passes()
    {
        var reason = ReadabilityFilter.Reject("First add the units, then the tens.\n</think>\n125", "eos", Defaults);

        reason.Should().BeNull();
    }

    [Theory]
    [InlineData("just an answer 125", "eos", "format")]
    [InlineData("先加个位 then tens\n</think>\n125", "eos", "language")]
    [InlineData("add the units\n</think>\n125", "length", "truncated")]
    public void Unreadable_traces_are_rejected_with_the_reason(string completion, string finish, string expected)
    {
        ReadabilityFilter.Reject(completion, finish, Defaults).Should().Be(expected);
    }

    [Fact]
    public void A_repetition_loop_is_rejected()
    {
        var loop = string.Concat(Enumerable.Repeat("so the answer is five and ", 12)) + "\n</think>\n5";

        ReadabilityFilter.Reject(loop, "eos", Defaults).Should().Be("repetition");
    }

    [Fact]
    public void Repeated_ngram_share_counts_repeats_of_earlier_ngrams()
    {
        // Bigrams: "a b", "b c", "c a", "a b", "b c": 5 in all, 3 distinct.
        ReadabilityFilter.RepeatedNgramShare("a b c a b c", 2).Should().BeApproximately(0.4, 1e-12);
        ReadabilityFilter.RepeatedNgramShare("short", 4).Should().Be(0);
    }
}
