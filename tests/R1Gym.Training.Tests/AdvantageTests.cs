using R1Gym.Training;

namespace R1Gym.Training.Tests;

public sealed class AdvantageTests
{
    [Fact]
    public void Group_advantages_subtract_the_group_mean_and_divide_by_the_sample_std()
    {
        // Given one group of four with a single success: mean 0.25, sample std sqrt(0.75 / 3) = 0.5
        double[] rewards = [1, 0, 0, 0];

        // When
        var advantages = GroupAdvantages.Compute(rewards, groupSize: 4, scaleByStd: true, epsilon: 0);

        // Then
        advantages.Should().Equal([1.5f, -0.5f, -0.5f, -0.5f]);
    }

    [Fact]
    public void Dr_grpo_advantages_are_not_scaled_by_the_std()
    {
        double[] rewards = [1, 0, 0, 0, 2, 4, 4, 2];

        var advantages = GroupAdvantages.Compute(rewards, groupSize: 4, scaleByStd: false);

        advantages.Should().Equal([0.75f, -0.25f, -0.25f, -0.25f, -1f, 1f, 1f, -1f]);
    }

    [Fact]
    public void Groups_are_normalised_independently()
    {
        double[] rewards = [0, 1, 10, 30];

        var advantages = GroupAdvantages.Compute(rewards, groupSize: 2, scaleByStd: true, epsilon: 0);

        // Each pair: mean in the middle, sample std = |a - b| / sqrt(2).
        float expected = (float)(0.5 / (1 / Math.Sqrt(2)));
        advantages[0].Should().BeApproximately(-expected, 1e-6f);
        advantages[1].Should().BeApproximately(expected, 1e-6f);
        advantages[2].Should().BeApproximately(-expected, 1e-6f);
        advantages[3].Should().BeApproximately(expected, 1e-6f);
    }

    [Fact]
    public void An_all_equal_group_gets_zero_advantage_without_dividing_by_zero()
    {
        var advantages = GroupAdvantages.Compute([0.7, 0.7, 0.7], groupSize: 3);

        advantages.Should().AllSatisfy(a => a.Should().Be(0f));
    }

    [Fact]
    public void Rewards_that_do_not_fill_whole_groups_are_refused()
    {
        var act = () => GroupAdvantages.Compute([1, 0, 1], groupSize: 2);

        act.Should().Throw<ArgumentException>().WithMessage("*multiple of the group size 2*");
    }

    [Fact]
    public void Dynamic_sampling_flags_groups_whose_rewards_differ()
    {
        double[] rewards = [1, 1, 1, 0, 1, 0, 0.2, 0.2, 0.2];

        var informative = DynamicSampling.InformativeGroups(rewards, groupSize: 3);

        informative.Should().Equal([false, true, false]);
    }

    [Fact]
    public void Dynamic_sampling_refills_the_batch_with_informative_groups_only_until_full()
    {
        // Given a batch wanting three groups, one already kept
        var kept = new List<string> { "a" };

        // When a round brings four groups, two of them informative, then another round brings more
        bool fullAfterFirst = DynamicSampling.Refill(kept, ["b", "c", "d", "e"], [false, true, false, true], wanted: 3);
        bool fullAfterSecond = DynamicSampling.Refill(kept, ["f"], [true], wanted: 3);

        // Then the uninformative groups were dropped and nothing was added past the target
        fullAfterFirst.Should().BeTrue();
        fullAfterSecond.Should().BeTrue();
        kept.Should().Equal(["a", "c", "e"]);
    }

    [Fact]
    public void Dynamic_sampling_reports_a_batch_that_is_still_short()
    {
        var kept = new List<int>();

        bool full = DynamicSampling.Refill(kept, [1, 2], [true, false], wanted: 2);

        full.Should().BeFalse();
        kept.Should().Equal([1]);
    }
}
