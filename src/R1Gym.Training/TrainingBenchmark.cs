using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using R1Gym.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>Seconds per training step, in total and by phase (each phase timed between device synchronisations).</summary>
public sealed record TrainingStepTimes(double Forward, double Loss, double Backward, double Optimizer);

/// <summary>
/// Trained tokens per second of one GRPO-shaped step (forward, log-probs of the sampled tokens, clipped surrogate,
/// backward, AdamW), the step shared/bench/hf_baseline.py times for Hugging Face, on random weights and tokens. Like the
/// peer, the timed steps run back to back with one device synchronisation at the end.
/// </summary>
public static class TrainingBenchmark
{
    public static double TrainedTokensPerSecond(ModelConfig config, Device device, int batch, int sequence, ILogger? logger = null, int repeats = 3)
    {
        using var bench = new Bench(config, device, batch, sequence);
        logger ??= NullLogger.Instance;
        bench.Step();
        Synchronize(device);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++)
            bench.Step();
        Synchronize(device);
        double seconds = clock.Elapsed.TotalSeconds / repeats;
        double tokensPerSecond = batch * (double)sequence / seconds;
        logger.LogInformation("Training benchmark: {Batch} x {Sequence} tokens, {Seconds:F3} s/step, {Rate:N0} trained tokens/s", batch, sequence, seconds, tokensPerSecond);
        return tokensPerSecond;
    }

    /// <summary>Where a step's time goes: each phase is synchronised, so the phases add up to a little more than a free-running step.</summary>
    public static TrainingStepTimes Breakdown(ModelConfig config, Device device, int batch, int sequence, int repeats = 3)
    {
        using var bench = new Bench(config, device, batch, sequence);
        bench.Step();
        double forward = 0, loss = 0, backward = 0, optimizer = 0;
        for (int i = 0; i < repeats; i++)
        {
            var t = bench.TimedStep();
            (forward, loss, backward, optimizer) = (forward + t.Forward, loss + t.Loss, backward + t.Backward, optimizer + t.Optimizer);
        }
        return new TrainingStepTimes(forward / repeats, loss / repeats, backward / repeats, optimizer / repeats);
    }

    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
            cuda.synchronize(device);
    }

    /// <summary>A random model, its optimiser and one fixed batch.</summary>
    private sealed class Bench : IDisposable
    {
        private readonly CausalLM _model;
        private readonly FlatAdamW _optimizer;
        private readonly Tensor _ids, _advantages, _mask, _targets;
        private readonly Device _device;
        private readonly int _batch, _sequence;

        public Bench(ModelConfig config, Device device, int batch, int sequence)
        {
            ArgumentNullException.ThrowIfNull(config);
            ArgumentNullException.ThrowIfNull(device);
            (_device, _batch, _sequence) = (device, batch, sequence);
            var dtype = device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32;
            _model = CausalLM.Create(config, device, dtype, seed: 0);
            _optimizer = new FlatAdamW(_model, weightDecay: 0.0);
            _ids = randint(0, config.VocabSize, [batch, sequence], dtype: ScalarType.Int64, device: device);   // [B, L]
            _advantages = randn([batch], device: device);                                                        // [B]
            _mask = ones([batch, sequence - 1], device: device);                                                 // [B, L-1]
            _targets = _ids.narrow(1, 1, sequence - 1).contiguous();                                             // [B, L-1]
            _model.train();
        }

        /// <summary>One step, queued on the device with no host read, its temporaries released before it finishes.</summary>
        public void Step()
        {
            using var scope = NewDisposeScope();
            Loss(Forward()).backward();
            _optimizer.Step(1e-6);
            _optimizer.ZeroGrad();
        }

        public TrainingStepTimes TimedStep()
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            double Lap()
            {
                Synchronize(_device);
                double s = clock.Elapsed.TotalSeconds;
                clock.Restart();
                return s;
            }

            Synchronize(_device);
            clock.Restart();
            var logits = Forward();
            double forward = Lap();
            var loss = Loss(logits);
            double lossSeconds = Lap();
            loss.backward();
            double backward = Lap();
            _optimizer.Step(1e-6);
            _optimizer.ZeroGrad();
            return new TrainingStepTimes(forward, lossSeconds, backward, Lap());
        }

        private Tensor Forward() => _model.forward(_ids, null).narrow(1, 0, _sequence - 1);   // [B, L-1, V]

        private Tensor Loss(Tensor logits)
        {
            var (logProbs, _) = PolicyLoss.TokenLogProbs(logits, _targets);                     // [B, L-1]
            var (perToken, _) = PolicyLoss.ClippedSurrogate(logProbs, logProbs.detach(), _advantages, 0.2, 0.2);
            return PolicyLoss.Aggregate(perToken, _mask, LossAggregation.Token, _batch, (double)_batch * (_sequence - 1), 1);
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _model.Dispose();
            _ids.Dispose();
            _advantages.Dispose();
            _mask.Dispose();
            _targets.Dispose();
        }
    }
}
