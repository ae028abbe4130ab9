#!/usr/bin/env python3
"""Prints the failed tests of a `dotnet test` run last, from its TRX files, so that the end of the output (all a CI
log may keep) names them with their messages."""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main(directory: str) -> int:
    failed = 0
    for trx in sorted(Path(directory).glob("*.trx")):
        root = ET.parse(trx).getroot()
        for result in root.iterfind(".//t:UnitTestResult", NS):
            if result.get("outcome") != "Failed":
                continue
            failed += 1
            print(f"\nFAILED {result.get('testName')} ({result.get('duration')}) in {trx.name}")
            message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
            stack = result.findtext("t:Output/t:ErrorInfo/t:StackTrace", default="", namespaces=NS).strip()
            for line in message.splitlines()[:30]:
                print(f"  {line}")
            for line in stack.splitlines()[:15]:
                print(f"  {line}")
    print(f"\n{failed} failed test(s) in {directory}" if failed else f"\nno failed tests recorded in {directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "TestResults"))
