import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Tabs } from './Tabs';

function TabsDemo() {
  const [value, setValue] = useState('a');
  return (
    <Tabs
      label="Sections"
      value={value}
      onChange={setValue}
      tabs={[
        { id: 'a', label: 'Syllabus', content: <p>syllabus content</p> },
        { id: 'b', label: 'Reviews', content: <p>reviews content</p> },
        { id: 'c', label: 'Teacher', content: <p>teacher content</p> },
      ]}
    />
  );
}

describe('tabs', () => {
  it('move with the arrow keys, Home and End, and only the selected tab is in the tab order', async () => {
    render(<TabsDemo />);
    const user = userEvent.setup();
    const [a, b, c] = screen.getAllByRole('tab');
    expect(a).toHaveAttribute('aria-selected', 'true');
    expect(b).toHaveAttribute('tabindex', '-1');
    await user.tab();
    expect(a).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(b).toHaveFocus();
    expect(screen.getByRole('tabpanel')).toHaveTextContent('reviews content');
    expect(screen.getByRole('tabpanel')).toHaveAccessibleName('Reviews');
    await user.keyboard('{End}');
    expect(c).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(a).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(c).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Home}');
    expect(screen.getByRole('tabpanel')).toHaveTextContent('syllabus content');
  });
});
