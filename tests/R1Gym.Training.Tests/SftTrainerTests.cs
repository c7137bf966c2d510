using R1Gym.Training;

namespace R1Gym.Training.Tests;

public sealed class SftTrainerTests
{
    [Fact]
    public void Sft_lowers_the_loss_on_its_examples_and_teaches_the_completion()
    {
        // Given examples whose completion is always "aaaa"
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);
        var examples = Enumerable.Repeat(new SftExample(TinyWorld.Prompt, "aaaa"), 8).ToList();
        double before = TinyWorld.ProbabilityOf(model, tokenizer, "a");
        using var trainer = new SftTrainer(new SftOptions { Steps = 15, BatchSize = 4, LearningRate = 1e-2, WarmupSteps = 0 }, model, tokenizer, examples);

        // When
        var history = trainer.Train();

        // Then
        history[^1]["loss/sft"].Should().BeLessThan(history[0]["loss/sft"] / 2);
        TinyWorld.ProbabilityOf(model, tokenizer, "a").Should().BeGreaterThan(Math.Max(before, 0.5));
    }
}
