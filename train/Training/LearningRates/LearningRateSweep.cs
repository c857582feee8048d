namespace ActressOnnx.Train.Training.LearningRates;

/// <summary>What <see cref="LearningRateFinder"/> measured: the smoothed loss at each learning rate, and suggestions.</summary>
/// <param name="LearningRates">The rate of each step, rising exponentially.</param>
/// <param name="Losses">The smoothed (debiased exponential moving average) training loss after each step.</param>
/// <param name="Valley">fastai's default suggestion: a point inside the longest stretch where the loss keeps falling.</param>
/// <param name="MinimumOverTen">The rate at the lowest loss, divided by ten (fastai's older rule of thumb).</param>
/// <param name="Steepest">The rate where the loss falls fastest per decade.</param>
internal sealed record LearningRateSweep(
    IReadOnlyList<double> LearningRates,
    IReadOnlyList<double> Losses,
    double Valley,
    double MinimumOverTen,
    double Steepest)
{
    /// <summary>
    /// Suggestions from a sweep's rates and smoothed losses (at least two points). As fastai does, the first tenth
    /// (the average is still settling) and the last five steps (divergence) are left out when there are enough.
    /// </summary>
    public static LearningRateSweep From(IReadOnlyList<double> allRates, IReadOnlyList<double> allLosses)
    {
        ArgumentNullException.ThrowIfNull(allRates);
        ArgumentNullException.ThrowIfNull(allLosses);
        if (allRates.Count != allLosses.Count || allRates.Count < 2)
        {
            throw new ArgumentException("A sweep needs at least two steps, one loss per learning rate.", nameof(allLosses));
        }

        var skipStart = allRates.Count / 10;
        var keep = allRates.Count - skipStart - 5;
        var (rates, losses) = keep >= 2
            ? ((IReadOnlyList<double>)[.. allRates.Skip(skipStart).Take(keep)], (IReadOnlyList<double>)[.. allLosses.Skip(skipStart).Take(keep)])
            : (allRates, allLosses);

        var minimum = 0;
        var steepest = 1;
        var steepestSlope = double.MaxValue;
        for (var i = 0; i < losses.Count; i++)
        {
            if (losses[i] < losses[minimum])
            {
                minimum = i;
            }

            if (i > 0)
            {
                var slope = (losses[i] - losses[i - 1]) / (Math.Log10(rates[i]) - Math.Log10(rates[i - 1]));
                if (slope < steepestSlope)
                {
                    steepestSlope = slope;
                    steepest = i;
                }
            }
        }

        return new LearningRateSweep(rates, losses, rates[ValleyIndex(losses)], rates[minimum] / 10, rates[steepest]);
    }

    // The longest decreasing subsequence of the losses spans the valley; the suggestion is the middle of its middle
    // third (fastai's "valley"): well down the slope, safely before the bottom.
    private static int ValleyIndex(IReadOnlyList<double> losses)
    {
        var n = losses.Count;
        var length = new int[n];
        var (start, end) = (0, 0);
        for (var i = 0; i < n; i++)
        {
            length[i] = 1;
            for (var j = 0; j < i; j++)
            {
                if (losses[i] < losses[j] && length[j] + 1 > length[i])
                {
                    length[i] = length[j] + 1;
                }
            }

            if (length[i] > length[end])
            {
                end = i;
                start = end - length[end];
            }
        }

        var third = (end - start) / 3.0;
        return Math.Clamp(start + (int)third + (int)(third / 2), 0, n - 1);
    }
}
