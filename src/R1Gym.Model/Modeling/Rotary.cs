using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Model.Modeling;

/// <summary>
/// Rotary position embedding tables. rotate_half(x) = [-x2, x1] is computed as roll(x, d/2) * [-1.., +1..], so the
/// sign is folded into the sine table and applying RoPE costs three kernels: roll, mul, addcmul.
/// </summary>
internal sealed class Rotary : IDisposable
{
    private readonly double _theta;
    private readonly int _headDim;
    private readonly Dictionary<(DeviceType, int, ScalarType), (Tensor Cos, Tensor SignedSin, long Length)> _tables = new();

    public Rotary(double theta, int headDim)
    {
        _theta = theta;
        _headDim = headDim;
    }

    /// <summary>cos and signed sin for the given positions: [B, T, 1, D] each, in the given dtype.</summary>
    public (Tensor Cos, Tensor SignedSin) Lookup(Tensor positions, ScalarType dtype, long maxPosition)
    {
        var (cos, sin) = Table(positions.device, dtype, maxPosition);
        long b = positions.shape[0], t = positions.shape[1];
        var flat = positions.reshape(-1);
        return (cos.index_select(0, flat).view(b, t, 1, _headDim), sin.index_select(0, flat).view(b, t, 1, _headDim));
    }

    private (Tensor Cos, Tensor SignedSin) Table(Device device, ScalarType dtype, long needed)
    {
        var key = (device.type, device.index, dtype);
        if (_tables.TryGetValue(key, out var table) && table.Length >= needed) return (table.Cos, table.SignedSin);
        if (table.Cos is not null)
        {
            table.Cos.Dispose();
            table.SignedSin.Dispose();
        }

        long length = Math.Max(needed, 1024);
        using (NewDisposeScope())
        {
            // HF computes inv_freq in fp32 from an int64 arange: 1 / theta^(2i/d).
            var invFreq = 1.0f / torch.pow((float)_theta, torch.arange(0, _headDim, 2, ScalarType.Int64).to(ScalarType.Float32) / _headDim); // [D/2]
            var freqs = torch.outer(torch.arange(length, dtype: ScalarType.Float32), invFreq);                           // [L, D/2]
            var cos = torch.cat([freqs.cos(), freqs.cos()], 1);                                                        // [L, D]
            var sin = torch.cat([-freqs.sin(), freqs.sin()], 1);                                                       // [L, D]
            // The tables outlive every caller's dispose scope: the model owns them.
            table = (cos.to(dtype, device).DetachFromDisposeScope(), sin.to(dtype, device).DetachFromDisposeScope(), length);
        }

        _tables[key] = table;
        return (table.Cos, table.SignedSin);
    }

    public void Dispose()
    {
        foreach (var (cos, sin, _) in _tables.Values)
        {
            cos.Dispose();
            sin.Dispose();
        }

        _tables.Clear();
    }

    /// <summary>x * cos + rotate_half(x) * sin for x of shape [B, T, H, D].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor signedSin)
    {
        var rotated = x.roll(x.shape[^1] / 2, -1); // [B, T, H, D] = [x2, x1]
        return (x * cos).addcmul_(rotated, signedSin, 1);
    }
}
