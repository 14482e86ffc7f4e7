/// The data-mask penalty of ISO/IEC 18004 section 7.8.3.1 (Table 11); lower is better.
///
/// - N1: each run of k ≥ 5 same-coloured modules in a row or column scores 3 + (k − 5).
/// - N2: each 2 × 2 block of one colour scores 3 (overlapping blocks all count).
/// - N3: each dark:light:dark:light:dark run of 1:1:3:1:1 (`1011101`) in a row or column with
///   four light modules before or after it scores 40; modules outside the symbol count as light.
/// - N4: 10 points for every full 5 % the dark share deviates from 50 %.
enum QRPenalty {
    static func score(_ modules: [Bool], size: Int) -> Int {
        var total = 0
        var dark = 0
        var line = [Bool](repeating: false, count: size)
        for index in 0..<size {
            for k in 0..<size { line[k] = modules[index * size + k] }
            total += runsAndFinders(line)
            for k in 0..<size { line[k] = modules[k * size + index] }
            total += runsAndFinders(line)
        }
        for y in 0..<size {
            for x in 0..<size {
                let colour = modules[y * size + x]
                if colour { dark += 1 }
                if x > 0, y > 0, colour == modules[y * size + x - 1], colour == modules[(y - 1) * size + x],
                   colour == modules[(y - 1) * size + x - 1] {
                    total += 3
                }
            }
        }
        let all = size * size
        total += 10 * (abs(20 * dark - 10 * all) / all)
        return total
    }

    /// N1 and N3 of one row or column.
    static func runsAndFinders(_ line: [Bool]) -> Int {
        var score = 0
        var run = 1
        for k in 1...line.count {
            if k < line.count, line[k] == line[k - 1] {
                run += 1
            } else {
                if run >= 5 { score += run - 2 }
                run = 1
            }
        }
        let pattern = [true, false, true, true, true, false, true]
        func light(_ k: Int) -> Bool { k < 0 || k >= line.count || !line[k] }
        if line.count >= 7 {
            for start in 0...(line.count - 7) where (0..<7).allSatisfy({ line[start + $0] == pattern[$0] }) {
                let before = (1...4).allSatisfy { light(start - $0) }
                let after = (0..<4).allSatisfy { light(start + 7 + $0) }
                if before || after { score += 40 }
            }
        }
        return score
    }
}
