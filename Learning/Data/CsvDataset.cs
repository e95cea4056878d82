using System.Globalization;

namespace DumboFL.Learning.Data;

/// <summary>
/// Reads a data set from CSV lines <c>label,f1,f2,…</c>: an integer class label from 0, then the features. An optional
/// header line (its first field not a number) is skipped; blank lines are ignored. Anything else wrong is refused with
/// the line and column.
/// </summary>
public static class CsvDataset
{
    public const int MaxFeatures = 100_000;

    /// <exception cref="InvalidDataException">The file is not a data set; the message names the line.</exception>
    public static Dataset Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: no such file");
        }
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static Dataset Parse(TextReader reader, string name)
    {
        var features = new List<float>();
        var labels = new List<int>();
        var width = -1;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }
            var fields = line.Split(',');
            if (labels.Count == 0 && width < 0 && !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                width = 0; // a header line
                continue;
            }
            if (fields.Length < 2 || fields.Length - 1 > MaxFeatures)
            {
                throw new InvalidDataException($"{name}:{lineNumber}: expected 'label,f1,f2,…' with 1..{MaxFeatures} features, found {fields.Length} fields");
            }
            if (width > 0 && fields.Length - 1 != width)
            {
                throw new InvalidDataException($"{name}:{lineNumber}: {fields.Length - 1} features, earlier lines have {width}");
            }
            width = fields.Length - 1;
            if (!int.TryParse(fields[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var label) || label < 0)
            {
                throw new InvalidDataException($"{name}:{lineNumber}:1: the label '{fields[0]}' is not a class number (0, 1, 2, …)");
            }
            for (var f = 1; f < fields.Length; f++)
            {
                if (!float.TryParse(fields[f].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                {
                    throw new InvalidDataException($"{name}:{lineNumber}:{f + 1}: '{fields[f]}' is not a finite number");
                }
                features.Add(value);
            }
            labels.Add(label);
        }
        if (labels.Count == 0)
        {
            throw new InvalidDataException($"{name}: no examples");
        }
        var classes = labels.Max() + 1;
        if (classes < 2)
        {
            throw new InvalidDataException($"{name}: every example has label 0; a classification needs at least two classes");
        }
        return new Dataset([.. features], [.. labels], width, classes);
    }
}
