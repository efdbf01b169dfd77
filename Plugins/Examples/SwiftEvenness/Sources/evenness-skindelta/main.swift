import SkinDeltaKit
import ToneEvenness

// Every command of this skindelta knows ToneEvenness besides the built-in analyzers.
SkinDelta.main(extraAnalyzers: [ToneEvenness.self])
