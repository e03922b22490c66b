package io.taskrunner.console.viewmodel;

import javafx.beans.binding.StringBinding;

/**
 * One decoded value of a test read.
 *
 * @param valueText the value in the current language's notation
 * @param unit      the unit from the register map; empty when it names none
 */
public record ReadValueRow(String name, StringBinding valueText, String unit) {
}
