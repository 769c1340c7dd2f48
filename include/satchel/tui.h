/* tui.h — the full-screen face (src/tui/): `satchel tui`, and `satchel`
 * without a command on a terminal.  The command itself, cmd_tui, is in
 * the command table (cli.h); everything else of the TUI is internal to
 * src/tui/, the only place that includes curses.
 *
 * Environment read by the TUI:
 *   NO_COLOR                 no colours (also --no-color)
 *   SATCHEL_CONFIG           the config file to read instead of
 *                            $XDG_CONFIG_HOME/satchel/config ("" = none)
 *   SATCHEL_TUI_SCRIPT       a file of keys and :commands run at start
 *                            (tests; see src/tui/script.c)
 *   SATCHEL_TUI_NO_DISPLAY   draw to /dev/null (scripted runs without a
 *                            terminal; size from LINES and COLUMNS)
 *   SATCHEL_TUI_TIMING       append timings (first screen, filtering) here
 */
#ifndef SATCHEL_TUI_H
#define SATCHEL_TUI_H

/* 1 when `satchel` without a command should open the TUI: standard input
 * and output are terminals and TERM names a usable one. */
int tui_wanted(void);

#endif
