using System.Globalization;
using R1Gym.Abstractions;
using R1Gym.Model.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019, PyTorch's update rule) over one flat buffer. At construction every trainable
/// parameter is moved into a slice of one contiguous tensor and its gradient is pointed at a slice of another, so the
/// whole update, zeroing and gradient clipping are a handful of large kernels instead of several small ones per
/// parameter: a 0.5B model has about 170 parameters, and per-parameter launches cost more than the arithmetic on an H200.
/// Autograd accumulates into the existing gradient slices in place; <see cref="ZeroGrad"/> is the only way to clear them.
/// The moments keep the parameters' dtype, as PyTorch's AdamW does.
/// </summary>
internal sealed class FlatAdamW : IDisposable
{
    private const string FileName = "optimizer.safetensors";
    private const long ChunkElements = 1L << 28;   // safetensors entries stay under .NET's 2 GB array limit
    private readonly Tensor _weights;   // [N]: every trainable parameter is a view of a slice
    private readonly Tensor _grads;     // [N]: every parameter's .grad is a view of the same slice
    private readonly Tensor _expAvg;    // [N]
    private readonly Tensor _expAvgSq;  // [N]
    private readonly double _weightDecay, _beta1, _beta2, _eps;
    private long _steps;

    public FlatAdamW(nn.Module module, double weightDecay, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(module);
        var parameters = module.parameters().Where(p => p.requires_grad).DistinctBy(p => p.Handle).ToList();
        if (parameters.Count == 0)
            throw new ArgumentException("The module has no trainable parameters.", nameof(module));
        var (dtype, device) = (parameters[0].dtype, parameters[0].device);
        if (parameters.Any(p => p.dtype != dtype || p.device.ToString() != device.ToString()))
            throw new ArgumentException("Every trainable parameter must share one dtype and device; move the model with MoveTo first.", nameof(module));
        (_weightDecay, _beta1, _beta2, _eps) = (weightDecay, beta1, beta2, eps);
        Count = parameters.Sum(p => p.numel());
        _weights = empty(Count, dtype, device);
        _grads = zeros(Count, dtype, device);
        _expAvg = zeros(Count, dtype, device);
        _expAvgSq = zeros(Count, dtype, device);
        using var _ = no_grad();
        long offset = 0;
        foreach (var parameter in parameters)
        {
            long n = parameter.numel();
            using var slot = _weights.narrow(0, offset, n).view(parameter.shape);
            slot.copy_(parameter);
            parameter.set_(slot);
            parameter.grad = _grads.narrow(0, offset, n).view(parameter.shape);
            offset += n;
        }
    }

    /// <summary>Trainable scalars (tied weights counted once).</summary>
    public long Count { get; }

    /// <summary>Updates taken so far (Adam's bias correction counts them).</summary>
    public long Steps => _steps;

    public void ZeroGrad() => _grads.zero_();

    /// <summary>Scales the gradients so their global L2 norm is at most <paramref name="maxNorm"/> (when &gt; 0); returns the norm before clipping.</summary>
    public double ClipGradNorm(double maxNorm)
    {
        using var scope = NewDisposeScope();
        double norm = _grads.norm().to_type(ScalarType.Float64).item<double>();
        double coefficient = maxNorm / (norm + 1e-6);
        if (maxNorm > 0 && coefficient < 1.0)
            _grads.mul_(coefficient);
        return norm;
    }

    /// <summary>One AdamW update at <paramref name="learningRate"/> with decoupled weight decay.</summary>
    public void Step(double learningRate)
    {
        _steps++;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        if (_weightDecay != 0)
            _weights.mul_(1.0 - learningRate * _weightDecay);
        _expAvg.mul_(_beta1).add_(_grads, alpha: 1.0 - _beta1);
        _expAvgSq.mul_(_beta2).addcmul_(_grads, _grads, 1.0 - _beta2);
        double correction1 = 1.0 - Math.Pow(_beta1, _steps);
        double correction2 = 1.0 - Math.Pow(_beta2, _steps);
        var denominator = _expAvgSq.sqrt().div_(Math.Sqrt(correction2)).add_(_eps);
        _weights.addcdiv_(_expAvg, denominator, -learningRate / correction1);
    }

    /// <summary>Writes the moments and step count to <c>optimizer.safetensors</c> in <paramref name="dir"/>.</summary>
    public void Save(string dir)
    {
        using var scope = NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>> { new("steps", tensor(new[] { _steps })) };
        foreach (var (name, moment) in Moments())
            for (long start = 0, chunk = 0; start < Count; start += ChunkElements, chunk++)
                tensors.Add(new($"{name}.{chunk}", moment.narrow(0, start, Math.Min(ChunkElements, Count - start))));
        SafeTensors.Write(Path.Combine(dir, FileName), tensors);
    }

    /// <summary>Restores what <see cref="Save"/> wrote; the optimiser must be over a model of the same shape.</summary>
    public void Load(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path))
            throw new R1GymException($"Checkpoint '{dir}' has no {FileName}, so it cannot be resumed exactly (checkpoints written before R1Gym's flat optimiser hold optimizer.bin instead; restart that run).");
        var tensors = SafeTensors.Read(path);
        try
        {
            using var _ = no_grad();
            foreach (var (name, moment) in Moments())
                for (long start = 0, chunk = 0; start < Count; start += ChunkElements, chunk++)
                {
                    long n = Math.Min(ChunkElements, Count - start);
                    if (!tensors.TryGetValue($"{name}.{chunk}", out var saved) || saved.numel() != n)
                        throw new R1GymException($"{path}: '{name}.{chunk}' is missing or has the wrong size; the checkpoint was written for a model of another shape. Resume with the same model.");
                    using var slice = moment.narrow(0, start, n);
                    slice.copy_(saved);
                }
            if (!tensors.TryGetValue("steps", out var steps) || steps.numel() != 1)
                throw new R1GymException($"{path}: the 'steps' entry is missing.");
            _steps = steps.item<long>();
        }
        finally
        {
            foreach (var t in tensors.Values)
                t.Dispose();
        }
    }

    private (string Name, Tensor Moment)[] Moments() => [("exp_avg", _expAvg), ("exp_avg_sq", _expAvgSq)];

    public void Dispose()
    {
        _grads.Dispose();
        _expAvg.Dispose();
        _expAvgSq.Dispose();
        _weights.Dispose();
    }
}
