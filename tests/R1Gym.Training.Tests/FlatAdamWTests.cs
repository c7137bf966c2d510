using FluentAssertions;
using R1Gym.Abstractions;
using R1Gym.Model;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace R1Gym.Training.Tests;

public sealed class FlatAdamWTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("r1gym-adamw-").FullName;
    private readonly ITextTokenizer _tokenizer = TinyWorld.Tokenizer();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Its_updates_match_torch_adamw_with_weight_decay()
    {
        using var flatModel = TinyWorld.Model(_tokenizer);
        using var referenceModel = TinyWorld.Model(_tokenizer);
        using var flat = new FlatAdamW(flatModel, weightDecay: 0.1);
        using var reference = optim.AdamW(referenceModel.parameters(), 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.1);

        for (int step = 0; step < 3; step++)
        {
            flat.ZeroGrad();
            Loss(flatModel).backward();
            flat.Step(1e-2);
            reference.zero_grad();
            Loss(referenceModel).backward();
            reference.step();
        }

        MaxDifference(flatModel, referenceModel).Should().BeLessThan(1e-6);
        MaxDifference(flatModel, TinyWorld.Model(_tokenizer)).Should().BeGreaterThan(1e-3, "three steps at lr 1e-2 move the weights");
    }

    [Fact]
    public void Tied_weights_are_trained_once()
    {
        using var model = TinyWorld.Model(_tokenizer);
        using var optimizer = new FlatAdamW(model, weightDecay: 0);

        long distinct = model.named_parameters().Where(p => !p.name.StartsWith("lm_head", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        optimizer.Count.Should().Be(distinct);
    }

    [Fact]
    public void Clipping_returns_the_norm_and_scales_the_gradients_to_the_limit()
    {
        using var model = TinyWorld.Model(_tokenizer);
        using var optimizer = new FlatAdamW(model, weightDecay: 0);
        optimizer.ZeroGrad();
        Loss(model).backward();
        double expected = Math.Sqrt(model.parameters().DistinctBy(p => p.Handle).Sum(p => p.grad!.pow(2).sum().item<float>()));

        double norm = optimizer.ClipGradNorm(expected / 4);

        norm.Should().BeApproximately(expected, expected * 1e-5);
        double after = Math.Sqrt(model.parameters().DistinctBy(p => p.Handle).Sum(p => p.grad!.pow(2).sum().item<float>()));
        after.Should().BeApproximately(expected / 4, expected * 1e-4);
    }

    [Fact]
    public void Saved_state_resumes_bitwise()
    {
        using var model = TinyWorld.Model(_tokenizer);
        using var optimizer = new FlatAdamW(model, weightDecay: 0.01);
        TrainSteps(model, optimizer, 2);
        optimizer.Save(_dir);
        using var resumed = TinyWorld.Model(_tokenizer);
        CheckpointStore.CopyWeights(model, resumed);
        using var resumedOptimizer = new FlatAdamW(resumed, weightDecay: 0.01);
        resumedOptimizer.Load(_dir);

        TrainSteps(model, optimizer, 2);
        TrainSteps(resumed, resumedOptimizer, 2);

        resumedOptimizer.Steps.Should().Be(4);
        MaxDifference(model, resumed).Should().Be(0);
    }

    [Fact]
    public void Loading_the_state_of_another_shape_is_refused_with_the_reason()
    {
        using var model = TinyWorld.Model(_tokenizer);
        using var optimizer = new FlatAdamW(model, weightDecay: 0);
        optimizer.Save(_dir);
        using var other = CausalLM.Create(model.Config with { HiddenSize = 16, IntermediateSize = 32 }, CPU, ScalarType.Float32, 1);
        using var otherOptimizer = new FlatAdamW(other, weightDecay: 0);

        var load = () => otherOptimizer.Load(_dir);

        load.Should().Throw<R1GymException>().WithMessage("*another shape*");
        var missing = () => otherOptimizer.Load(Path.Combine(_dir, "nowhere"));
        missing.Should().Throw<R1GymException>().WithMessage("*has no optimizer.safetensors*");
    }

    private static void TrainSteps(CausalLM model, FlatAdamW optimizer, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            optimizer.ZeroGrad();
            Loss(model).backward();
            optimizer.ClipGradNorm(1.0);
            optimizer.Step(1e-2);
        }
    }

    /// <summary>A fixed next-token loss on a fixed sequence.</summary>
    private static Tensor Loss(CausalLM model)
    {
        var ids = tensor(new long[] { 1, 2, 3, 1, 2 }).unsqueeze(0);                      // [1, 5]
        var logits = model.forward(ids, null);                                          // [1, 5, V]
        return nn.functional.cross_entropy(logits[0, ..^1], ids[0, 1..]);
    }

    private static double MaxDifference(CausalLM a, CausalLM b)
    {
        var other = b.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        return a.named_parameters().Max(p => (p.parameter - other[p.name]).abs().max().item<float>());
    }
}
