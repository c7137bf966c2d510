using R1Gym.Abstractions;
using R1Gym.Testing;
using R1Gym.Gym;
using R1Gym.Model;
using static TorchSharp.torch;

namespace R1Gym.Training.Tests;

public sealed class EpisodeLossTests
{
    [Fact]
    public void Environment_tokens_get_a_zero_loss_mask_and_zero_gradient()
    {
        // Given multi-turn episodes played by a tiny policy
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);
        var episodes = EpisodeRunnerTests.Play(model, tokenizer, episodes: 4, turns: 3);
        using var batch = EpisodeGroups.Batch(episodes, tokenizer.PadId);
        var advantages = new[] { 1f, -1f, 0.5f, -0.5f };

        // Then the loss mask is 1 exactly where the target token is one the policy wrote
        var mask = batch.LossMask.data<float>().ToArray();
        int length = (int)batch.LossMask.shape[1];
        for (int i = 0; i < episodes.Count; i++)
            for (int t = 0; t < length; t++)
                mask[i * length + t].Should().Be(t + 1 < episodes[i].Tokens.Count && episodes[i].PolicyMask[t + 1] ? 1f : 0f);

        // and the logits predicting environment tokens receive exactly zero gradient
        using (var scope = NewDisposeScope())
        {
            Tensor logits;
            using (no_grad())
                logits = model.forward(batch.InputIds, batch.AttentionMask).narrow(1, 0, length).detach();   // [B, L-1, V]
            logits.requires_grad_(true);
            Loss(logits, batch.Targets, batch.LossMask, advantages).backward();
            var perPosition = logits.grad!.abs().sum(-1);                                                  // [B, L-1]
            var context = (1 - batch.LossMask) * perPosition;                                              // [B, L-1]
            context.sum().item<float>().Should().Be(0f);
            (batch.LossMask * perPosition).sum().item<float>().Should().BeGreaterThan(0f);
        }

        // and the parameters' gradient is the same when every environment target is replaced by another token
        var original = Gradient(model, batch.InputIds, batch.AttentionMask, batch.Targets, batch.LossMask, advantages);
        using var replaced = batch.Targets.where(batch.LossMask.to_type(ScalarType.Bool), (batch.Targets + 1) % tokenizer.VocabSize);
        var withReplaced = Gradient(model, batch.InputIds, batch.AttentionMask, replaced, batch.LossMask, advantages);
        withReplaced.Should().Equal(original);
        original.Should().Contain(g => g != 0f);
    }

    [Fact]
    public async Task A_single_turn_task_through_the_episode_path_gives_the_single_turn_trainers_tokens_rewards_and_loss()
    {
        // Given G samples of one single-turn problem, played as one-turn episodes with one generation chunk
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);
        const int g = 6;
        var task = new LowercaseTask();
        var rewards = TinyWorld.Rewards();
        var runner = new EpisodeRunner(model, tokenizer, ConversationFormat.FromPromptRenderer(p => p), EpisodeRunnerTests.Options(chunks: 1), rewards: rewards);
        var sampling = new SamplingOptions { MaxNewTokens = 4 };
        var episodes = runner.Run(Enumerable.Range(0, g).Select(k => new EpisodeStart("t", new SingleTurnEnvironment(task), 5, 0, k)).ToList(), sampling, seed: 11);

        // When the single-turn trainer's path samples the same prompt with the same seed
        var prompt = tokenizer.Encode(TinyWorld.Prompt);
        var result = R1Gym.Model.Generator.Generate(model, tokenizer, Enumerable.Repeat(prompt, g).ToList(), sampling with { Seed = DeterministicSeed.Combine(11, 0) });
        var samples = new List<GrpoSample>();
        var singleTurnRewards = new List<double>();
        for (int k = 0; k < g; k++)
        {
            var text = tokenizer.Decode(result.Tokens[k].Where(t => t != tokenizer.EosId));
            var verdict = await task.VerifyAsync(new VerifyArgs(task.Generate(5, 0), text));
            singleTurnRewards.Add(rewards.Compose(new RewardInput(text, verdict) { CompletionTokens = result.Tokens[k].Length }).Total);
            bool eos = result.FinishReasons[k] == "eos" && (result.Tokens[k].Length == 0 || result.Tokens[k][^1] != tokenizer.EosId);
            samples.Add(new GrpoSample(prompt, eos ? [.. result.Tokens[k], tokenizer.EosId] : result.Tokens[k], 0, true));
        }

        // Then tokens, rewards, advantages and the loss agree exactly
        episodes.Select(e => e.Return(EpisodeReturn.Sum)).Should().Equal(singleTurnRewards);
        var advantages = EpisodeGroups.Advantages(episodes, g, EpisodeReturn.Sum);
        advantages.Should().Equal(GroupAdvantages.Compute(singleTurnRewards, g));
        samples = samples.Select((s, k) => s with { Advantage = advantages[k] }).ToList();
        using var single = GrpoMicroBatch.Create([.. samples], tokenizer.PadId, CPU);
        using var episodic = EpisodeGroups.Batch(episodes, tokenizer.PadId);
        episodic.InputIds.data<long>().ToArray().Should().Equal(single.Data.InputIds.data<long>().ToArray());
        episodic.LossMask.data<float>().ToArray().Should().Equal(single.Mask.data<float>().ToArray());
        // (Shifted by 1: group advantages sum to 0, so with equal lengths the loss at ratio 1 is 0 and would prove little.)
        var shifted = advantages.Select(a => a + 1f).ToArray();
        float singleLoss = LossOf(model, single.Data.InputIds, single.Data.AttentionMask, single.Data.Targets, single.Mask, shifted);
        float episodeLoss = LossOf(model, episodic.InputIds, episodic.AttentionMask, episodic.Targets, episodic.LossMask, shifted);
        episodeLoss.Should().Be(singleLoss);
        singleLoss.Should().NotBe(0f);
    }

    /// <summary>The GRPO trainer's per-token loss (clipped surrogate, token aggregation) from the logits predicting each target.</summary>
    private static Tensor Loss(Tensor logits, Tensor targets, Tensor mask, float[] advantages)
    {
        var (logProbs, _) = PolicyLoss.TokenLogProbs(logits, targets);                                     // [B, L-1]
        var adv = tensor(advantages);                                                                      // [B]
        var (perToken, _) = PolicyLoss.ClippedSurrogate(logProbs, logProbs.detach(), adv, 0.2, 0.2);       // [B, L-1]
        return PolicyLoss.Aggregate(perToken, mask, LossAggregation.Token, advantages.Length, mask.sum().item<float>(), 4);
    }

    private static float LossOf(CausalLM model, Tensor ids, Tensor attention, Tensor targets, Tensor mask, float[] advantages)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var logits = model.forward(ids, attention).narrow(1, 0, targets.shape[1]);                         // [B, L-1, V]
        return Loss(logits, targets, mask, advantages).item<float>();
    }

    private static float[] Gradient(CausalLM model, Tensor ids, Tensor attention, Tensor targets, Tensor mask, float[] advantages)
    {
        model.zero_grad();
        using (var scope = NewDisposeScope())
        {
            var logits = model.forward(ids, attention).narrow(1, 0, targets.shape[1]);                     // [B, L-1, V]
            Loss(logits, targets, mask, advantages).backward();
        }
        var gradient = model.parameters().SelectMany(p => p.grad is null ? [] : p.grad.data<float>().ToArray()).ToArray();
        model.zero_grad();
        return gradient;
    }
}
