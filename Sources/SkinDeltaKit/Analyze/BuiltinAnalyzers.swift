import AnalysisKit
import FineLinesAnalyzer
import PigmentationAnalyzer
import PoreAnalyzer
import RednessAnalyzer
import ScarTextureAnalyzer

/// The analyzers that ship with SkinDelta, registered explicitly in report order.
enum BuiltinAnalyzers {
    static let all: [any Analyzer.Type] = [
        PigmentationAnalyzer.self,
        PoreAnalyzer.self,
        ScarTextureAnalyzer.self,
        RednessAnalyzer.self,
        FineLinesAnalyzer.self,
    ]

    static func registry() throws -> AnalyzerRegistry {
        try AnalyzerRegistry(all)
    }
}
