//! The label: one line of free text, edited with `tui-input` (cursor movement, Ctrl-W, Ctrl-U,
//! …), at most [`LABEL_MAX_CHARS`] characters.

use tui_input::Input;

use crate::app::keymap::TextEdit;
use crate::domain::alarm::LABEL_MAX_CHARS;

/// State of the label field.
#[derive(Debug, Clone)]
pub struct LabelField {
    input: Input,
    /// The label the form opened with, returned unchanged while the text still matches it.
    original: Option<String>,
}

impl LabelField {
    /// The field showing `label` (empty for none), cursor at the end.
    pub fn new(label: Option<String>) -> Self {
        Self {
            input: Input::new(label.clone().unwrap_or_default()),
            original: label,
        }
    }

    /// The text as typed.
    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// Characters typed.
    pub fn len(&self) -> usize {
        self.input.value().chars().count()
    }

    /// Whether nothing is typed.
    pub fn is_empty(&self) -> bool {
        self.input.value().is_empty()
    }

    /// The label to save: `None` for blank text; the original value if the text is unchanged.
    pub fn value(&self) -> Option<String> {
        let text = self.input.value();
        if text == self.original.as_deref().unwrap_or_default() {
            self.original.clone()
        } else if text.trim().is_empty() {
            None
        } else {
            Some(text.to_string())
        }
    }

    /// Display column of the cursor within the text.
    pub fn visual_cursor(&self) -> usize {
        self.input.visual_cursor()
    }

    /// First display column shown when the field is `width` columns wide.
    pub fn visual_scroll(&self, width: usize) -> usize {
        self.input.visual_scroll(width)
    }

    /// Applies a line edit; returns whether the text changed.
    ///
    /// Characters past [`LABEL_MAX_CHARS`] and control characters are refused.
    pub fn apply(&mut self, edit: TextEdit) -> bool {
        if let TextEdit::Insert(c) = edit
            && (c.is_control() || self.len() >= LABEL_MAX_CHARS)
        {
            return false;
        }
        let request = edit.input_request();
        self.input
            .handle(request)
            .is_some_and(|changed| changed.value)
    }
}
