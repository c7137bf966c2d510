using System.Globalization;
using System.Numerics;
using System.Text;

namespace R1Gym.Tasks.Math.Arithmetic;

/// <summary>Helpers shared by the column-arithmetic tasks: random n-digit numbers and digit access.</summary>
internal static class Digits
{
    /// <summary>A uniformly random number with exactly <paramref name="count"/> digits (no leading zero).</summary>
    public static BigInteger Random(Random random, int count)
    {
        var text = new StringBuilder(count);
        text.Append((char)('1' + random.Next(9)));
        for (int i = 1; i < count; i++)
            text.Append((char)('0' + random.Next(10)));
        return BigInteger.Parse(text.ToString(), CultureInfo.InvariantCulture);
    }

    /// <summary>Digit <paramref name="place"/> counted from the right (0 = ones); 0 beyond the number.</summary>
    public static int At(string number, int place) => place < number.Length ? number[number.Length - 1 - place] - '0' : 0;

    public static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
