using R1Gym.Training;

namespace R1Gym.Training.Tests;

public sealed class SequenceBatchTests
{
    [Fact]
    public void The_loss_mask_keeps_completion_targets_only_and_padding_is_masked()
    {
        // Given prompts of 2 and 3 tokens followed by completions of 3 and 1 tokens
        IReadOnlyList<int>[] prompts = [[5, 6], [1, 2, 3]];
        IReadOnlyList<int>[] completions = [[7, 8, 9], [4]];

        // When
        using var batch = SequenceBatch.Build(prompts, completions, padId: 0);

        // Then inputs are right-padded and target t is input t + 1
        batch.InputIds.data<long>().ToArray().Should().Equal([5, 6, 7, 8, 9, 1, 2, 3, 4, 0]);
        batch.AttentionMask.data<long>().ToArray().Should().Equal([1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
        batch.Targets.data<long>().ToArray().Should().Equal([6, 7, 8, 9, 2, 3, 4, 0]);
        // Row 0: targets 6 (prompt), 7, 8, 9 (completion). Row 1: 2, 3 (prompt), 4 (completion), pad.
        batch.LossMask.data<float>().ToArray().Should().Equal([0, 1, 1, 1, 0, 0, 1, 0]);
        batch.CompletionTokens.Should().Be(4);
    }

    [Fact]
    public void An_empty_prompt_is_refused()
    {
        var act = () => SequenceBatch.Build([[]], [[1]], padId: 0);

        act.Should().Throw<ArgumentException>().WithMessage("*Prompt 0 is empty*");
    }
}
