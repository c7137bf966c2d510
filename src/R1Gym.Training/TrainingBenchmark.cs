using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using R1Gym.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>
/// Trained tokens per second of one GRPO-shaped step (forward, log-probs of the sampled tokens, clipped surrogate,
/// backward, AdamW), the step shared/bench/hf_baseline.py times for Hugging Face, on random weights and tokens.
/// </summary>
public static class TrainingBenchmark
{
    public static double TrainedTokensPerSecond(ModelConfig config, Device device, int batch, int sequence, ILogger? logger = null, int repeats = 3)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(device);
        logger ??= NullLogger.Instance;
        var dtype = device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32;
        using var model = CausalLM.Create(config, device, dtype, seed: 0);
        using var optimizer = Optimization.CreateAdamW(model, 1e-6, 0.0);
        using var ids = randint(0, config.VocabSize, [batch, sequence], dtype: ScalarType.Int64, device: device);   // [B, L]
        using var advantages = randn([batch], device: device);                                                        // [B]
        using var mask = ones([batch, sequence - 1], device: device);                                                 // [B, L-1]
        using var targets = ids.narrow(1, 1, sequence - 1).contiguous();                                             // [B, L-1]
        model.train();

        double Step()
        {
            using var scope = NewDisposeScope();
            var logits = model.forward(ids, null).narrow(1, 0, sequence - 1);                                       // [B, L-1, V]
            var (logProbs, _) = PolicyLoss.TokenLogProbs(logits, targets);                                           // [B, L-1]
            var (perToken, _) = PolicyLoss.ClippedSurrogate(logProbs, logProbs.detach(), advantages, 0.2, 0.2);
            var loss = PolicyLoss.Aggregate(perToken, mask, LossAggregation.Token, batch, (double)batch * (sequence - 1), 1);
            loss.backward();
            optimizer.step();
            optimizer.zero_grad();
            return loss.item<float>();   // a host read: the step has finished on the device
        }

        Step();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++)
            Step();
        double seconds = clock.Elapsed.TotalSeconds / repeats;
        double tokensPerSecond = batch * (double)sequence / seconds;
        logger.LogInformation("Training benchmark: {Batch} x {Sequence} tokens, {Seconds:F3} s/step, {Rate:N0} trained tokens/s", batch, sequence, seconds, tokensPerSecond);
        return tokensPerSecond;
    }
}
