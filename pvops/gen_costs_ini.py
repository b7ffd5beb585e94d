"""Embeds hv/costs.ini as a C string: gen_costs_ini.py IN OUT."""
import sys
text = open(sys.argv[1], encoding="utf-8").read()
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("/* generated from hv/costs.ini by pvops/gen_costs_ini.py */\n#define COSTS_INI_TEXT \\\n")
    for line in text.splitlines(True):
        esc = line.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        f.write('    "%s" \\\n' % esc)
    f.write('    ""\n')
