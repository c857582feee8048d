namespace ActressOnnx.Train.Data;

/// <summary>3x3 projective transforms of normalised image coordinates ([-1, 1] on both axes), row-major.</summary>
internal static class Homography
{
    public static double[] Identity => [1, 0, 0, 0, 1, 0, 0, 0, 1];

    /// <summary><c>a · b</c>: apply <paramref name="b"/> first, then <paramref name="a"/>.</summary>
    public static double[] Multiply(double[] a, double[] b)
    {
        var result = new double[9];
        for (var row = 0; row < 3; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                result[(row * 3) + column] = (a[row * 3] * b[column]) + (a[(row * 3) + 1] * b[3 + column]) + (a[(row * 3) + 2] * b[6 + column]);
            }
        }

        return result;
    }

    /// <summary>Scale then translate: <c>(x, y) → (sx·x + tx, sy·y + ty)</c>.</summary>
    public static double[] ScaleTranslate(double sx, double sy, double tx, double ty) => [sx, 0, tx, 0, sy, ty, 0, 0, 1];

    /// <summary>Counter-clockwise rotation by <paramref name="radians"/> about the centre.</summary>
    public static double[] Rotation(double radians)
    {
        var (sin, cos) = Math.SinCos(radians);
        return [cos, -sin, 0, sin, cos, 0, 0, 0, 1];
    }

    /// <summary>
    /// The projective transform that maps the corners (-1,-1), (1,-1), (1,1), (-1,1) to <paramref name="corners"/>
    /// (x, y pairs in that order): the 8x8 linear system of the four correspondences, solved by Gaussian elimination.
    /// </summary>
    public static double[] FromCorners(ReadOnlySpan<double> corners)
    {
        ReadOnlySpan<double> source = [-1, -1, 1, -1, 1, 1, -1, 1];
        var system = new double[8, 9];
        for (var i = 0; i < 4; i++)
        {
            double x = source[2 * i], y = source[(2 * i) + 1], u = corners[2 * i], v = corners[(2 * i) + 1];
            double[] rowU = [x, y, 1, 0, 0, 0, -u * x, -u * y, u];
            double[] rowV = [0, 0, 0, x, y, 1, -v * x, -v * y, v];
            for (var j = 0; j < 9; j++)
            {
                system[2 * i, j] = rowU[j];
                system[(2 * i) + 1, j] = rowV[j];
            }
        }

        for (var pivot = 0; pivot < 8; pivot++)
        {
            var best = pivot;
            for (var row = pivot + 1; row < 8; row++)
            {
                if (Math.Abs(system[row, pivot]) > Math.Abs(system[best, pivot]))
                {
                    best = row;
                }
            }

            for (var j = 0; j < 9; j++)
            {
                (system[pivot, j], system[best, j]) = (system[best, j], system[pivot, j]);
            }

            for (var row = 0; row < 8; row++)
            {
                if (row == pivot)
                {
                    continue;
                }

                var factor = system[row, pivot] / system[pivot, pivot];
                for (var j = pivot; j < 9; j++)
                {
                    system[row, j] -= factor * system[pivot, j];
                }
            }
        }

        var h = new double[9];
        for (var i = 0; i < 8; i++)
        {
            h[i] = system[i, 8] / system[i, i];
        }

        h[8] = 1;
        return h;
    }
}
