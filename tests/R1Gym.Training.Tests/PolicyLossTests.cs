using R1Gym.Training;
using static TorchSharp.torch;

namespace R1Gym.Training.Tests;

public sealed class PolicyLossTests
{
    private static Tensor Row(params float[] values) => tensor(values).reshape(1, values.Length);

    [Fact]
    public void The_surrogate_clips_the_ratio_above_at_one_plus_clip_high_for_positive_advantages()
    {
        // Given ratios 1.5, 0.5 and 1.1 with advantage +1, clip range [0.8, 1.28]
        using var scope = NewDisposeScope();
        var old = Row(0f, 0f, 0f);
        var current = Row(MathF.Log(1.5f), MathF.Log(0.5f), MathF.Log(1.1f));

        // When
        var (loss, clipped) = PolicyLoss.ClippedSurrogate(current, old, tensor(new[] { 1f }), clipLow: 0.2, clipHigh: 0.28);

        // Then the high ratio is capped at 1.28 (no gradient), the low one is not clipped for a positive advantage
        loss.data<float>().ToArray().Should().BeEquivalentTo([-1.28f, -0.5f, -1.1f], o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-5f)).WhenTypeIs<float>());
        clipped.data<float>().ToArray().Should().Equal([1f, 0f, 0f]);
    }

    [Fact]
    public void The_surrogate_clips_the_ratio_below_at_one_minus_clip_low_for_negative_advantages()
    {
        using var scope = NewDisposeScope();
        var old = Row(0f, 0f);
        var current = Row(MathF.Log(0.5f), MathF.Log(1.5f));

        var (loss, clipped) = PolicyLoss.ClippedSurrogate(current, old, tensor(new[] { -1f }), clipLow: 0.2, clipHigh: 0.28);

        // min(-0.5, -0.8) = -0.8 so the loss is 0.8 (clipped); min(-1.5, -1.28) = -1.5 so the loss is 1.5 (not clipped)
        var values = loss.data<float>().ToArray();
        values[0].Should().BeApproximately(0.8f, 1e-5f);
        values[1].Should().BeApproximately(1.5f, 1e-5f);
        clipped.data<float>().ToArray().Should().Equal([1f, 0f]);
    }

    [Fact]
    public void At_ratio_one_the_gradient_of_the_surrogate_is_minus_the_advantage_times_the_probability_gradient()
    {
        using var scope = NewDisposeScope();
        var logp = Row(-0.3f, -1.2f).requires_grad_(true);

        var (loss, _) = PolicyLoss.ClippedSurrogate(logp, logp.detach(), tensor(new[] { 2f }), 0.2, 0.28);
        loss.sum().backward();

        logp.grad!.data<float>().ToArray().Should().Equal([-2f, -2f]);
    }

    [Fact]
    public void K3_matches_the_hand_computed_estimate_and_is_zero_for_equal_policies()
    {
        // Given p = 0.5 and p_ref = 0.25: r = 0.5, k3 = r - 1 - log r = 0.5 - 1 + ln 2
        using var scope = NewDisposeScope();
        var logp = Row(MathF.Log(0.5f), -1f);
        var reference = Row(MathF.Log(0.25f), -1f);

        var kl = PolicyLoss.KlK3(logp, reference).data<float>().ToArray();

        kl[0].Should().BeApproximately((float)(0.5 - 1 + Math.Log(2)), 1e-6f);
        kl[1].Should().Be(0f);
    }

    // Two completions: lengths 2 and 4 (mask), per-token losses chosen so each aggregation gives a distinct value.
    private static (Tensor Loss, Tensor Mask) TwoCompletions() => (
        tensor(new float[] { 1, 3, 9, 9, 2, 2, 2, 6 }).reshape(2, 4),
        tensor(new float[] { 1, 1, 0, 0, 1, 1, 1, 1 }).reshape(2, 4));

    [Fact]
    public void Sequence_aggregation_averages_each_completion_then_the_completions()
    {
        using var scope = NewDisposeScope();
        var (loss, mask) = TwoCompletions();

        var value = PolicyLoss.Aggregate(loss, mask, LossAggregation.Sequence, totalSequences: 2, totalTokens: 6, constant: 8).item<float>();

        // (mean(1, 3) + mean(2, 2, 2, 6)) / 2 = (2 + 3) / 2
        value.Should().BeApproximately(2.5f, 1e-6f);
    }

    [Fact]
    public void Token_aggregation_averages_over_every_counted_token()
    {
        using var scope = NewDisposeScope();
        var (loss, mask) = TwoCompletions();

        var value = PolicyLoss.Aggregate(loss, mask, LossAggregation.Token, totalSequences: 2, totalTokens: 6, constant: 8).item<float>();

        // (1 + 3 + 2 + 2 + 2 + 6) / 6
        value.Should().BeApproximately(16f / 6, 1e-6f);
    }

    [Fact]
    public void Constant_aggregation_divides_by_completions_times_the_constant()
    {
        using var scope = NewDisposeScope();
        var (loss, mask) = TwoCompletions();

        var value = PolicyLoss.Aggregate(loss, mask, LossAggregation.Constant, totalSequences: 2, totalTokens: 6, constant: 8).item<float>();

        value.Should().BeApproximately(16f / (2 * 8), 1e-6f);
    }

    [Theory]
    [InlineData(LossAggregation.Sequence)]
    [InlineData(LossAggregation.Token)]
    [InlineData(LossAggregation.Constant)]
    public void Micro_batch_shares_sum_to_the_whole_batch_loss(LossAggregation mode)
    {
        using var scope = NewDisposeScope();
        var (loss, mask) = TwoCompletions();

        var whole = PolicyLoss.Aggregate(loss, mask, mode, 2, 6, 8).item<float>();
        var parts = PolicyLoss.Aggregate(loss[..1], mask[..1], mode, 2, 6, 8).item<float>()
            + PolicyLoss.Aggregate(loss[1..], mask[1..], mode, 2, 6, 8).item<float>();

        parts.Should().BeApproximately(whole, 1e-6f);
    }

    [Fact]
    public void Token_log_probs_pick_the_target_and_divide_logits_by_the_temperature()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 2f, 0f }).reshape(1, 1, 2);
        var target = tensor(new long[] { 0 }).reshape(1, 1);

        var (atOne, entropy) = PolicyLoss.TokenLogProbs(logits, target, 1.0, withEntropy: true);
        var (atTwo, _) = PolicyLoss.TokenLogProbs(logits, target, 2.0);

        atOne.item<float>().Should().BeApproximately((float)-Math.Log(1 + Math.Exp(-2)), 1e-6f);
        atTwo.item<float>().Should().BeApproximately((float)-Math.Log(1 + Math.Exp(-1)), 1e-6f);
        double p = 1 / (1 + Math.Exp(-2));
        entropy!.item<float>().Should().BeApproximately((float)-(p * Math.Log(p) + (1 - p) * Math.Log(1 - p)), 1e-5f);
    }
}
