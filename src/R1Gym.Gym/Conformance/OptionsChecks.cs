using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace R1Gym.Gym;

/// <summary>Bad options must be rejected with a message naming the option: unknown keys and out-of-range values.</summary>
internal static class OptionsChecks
{
    public static IEnumerable<ConformanceResult> Run(ITaskRegistry registry, TaskDescriptor descriptor)
    {
        yield return Expect(registry, descriptor, "options/unknown", new JsonObject { ["notAnOptionOfThisTask"] = 1 }, "notAnOptionOfThisTask");

        var settable = descriptor.OptionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        if (settable.Count == 0)
            yield break;
        var ranged = settable.Where(p => p.GetCustomAttribute<RangeAttribute>() is not null).ToList();
        if (ranged.Count == 0)
        {
            yield return Conformance.Skip("options/range", $"{descriptor.OptionsType.Name} has no [Range] options to probe");
            yield break;
        }
        foreach (var property in ranged)
        {
            if (OutOfRange(property) is not { } value)
                continue;
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            yield return Expect(registry, descriptor, $"options/range/{name}", new JsonObject { [name] = value }, property.Name);
        }
    }

    private static ConformanceResult Expect(ITaskRegistry registry, TaskDescriptor descriptor, string check, JsonObject bad, string mention)
    {
        try
        {
            registry.Create(descriptor.Id, bad);
            return Conformance.Fail(check, $"options {bad.ToJsonString()} were accepted; they must be rejected");
        }
        catch (TaskOptionsException e)
        {
            return e.Message.Contains(mention, StringComparison.OrdinalIgnoreCase)
                ? Conformance.Pass(check, $"rejected: {e.Errors[0]}")
                : Conformance.Fail(check, $"rejected, but the message does not name '{mention}': {e.Message}");
        }
        catch (Exception e)
        {
            return Conformance.Fail(check, $"options {bad.ToJsonString()} threw {Conformance.Describe(e)} instead of a clear TaskOptionsException");
        }
    }

    /// <summary>A value just below the minimum (or above the maximum) of the property's [Range], or null when none exists.</summary>
    private static JsonNode? OutOfRange(PropertyInfo property)
    {
        var range = property.GetCustomAttribute<RangeAttribute>()!;
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        double min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
        double max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        if (type == typeof(int) || type == typeof(long))
        {
            double limit = type == typeof(int) ? int.MaxValue : long.MaxValue;
            if (min > -limit)
                return JsonValue.Create((long)min - 1);
            return max < limit ? JsonValue.Create((long)max + 1) : null;
        }
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            if (double.IsFinite(min) && min > double.MinValue)
                return JsonValue.Create(min - Math.Max(1, Math.Abs(min)));
            return double.IsFinite(max) && max < double.MaxValue ? JsonValue.Create(max + Math.Max(1, Math.Abs(max))) : null;
        }
        return null;
    }
}
