"""The title catalogue: series, levels, title names, specialty trees and evaluation standards."""
