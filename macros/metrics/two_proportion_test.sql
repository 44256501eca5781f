{% macro two_proportion_test(part, x1, n1, x2, n2, min_group_size=loyalty.setting('min_group_size'), z=1.959964) -%}
    {%- if part not in ('difference', 'ci_low', 'ci_high', 'z_score', 'p_value') -%}
        {{ exceptions.raise_compiler_error("two_proportion_test: part must be difference, ci_low, ci_high, z_score or p_value, got '" ~ part ~ "'") }}
    {%- endif -%}
    {%- set dbl = loyalty.type_double() -%}
    {%- set p1 = '(cast(' ~ x1 ~ ' as ' ~ dbl ~ ') / ' ~ n1 ~ ')' -%}
    {%- set p2 = '(cast(' ~ x2 ~ ' as ' ~ dbl ~ ') / ' ~ n2 ~ ')' -%}
    {%- set difference = '(' ~ p1 ~ ' - ' ~ p2 ~ ')' -%}
    {%- set unpooled_se = 'sqrt(' ~ p1 ~ ' * (1 - ' ~ p1 ~ ') / ' ~ n1 ~ ' + ' ~ p2 ~ ' * (1 - ' ~ p2 ~ ') / ' ~ n2 ~ ')' -%}
    {%- set pooled = '(cast(' ~ x1 ~ ' + ' ~ x2 ~ ' as ' ~ dbl ~ ') / (' ~ n1 ~ ' + ' ~ n2 ~ '))' -%}
    {%- set pooled_se = 'sqrt(' ~ pooled ~ ' * (1 - ' ~ pooled ~ ') * (1.0 / ' ~ n1 ~ ' + 1.0 / ' ~ n2 ~ '))' -%}
    {%- set z_score = '(' ~ difference ~ ' / nullif(' ~ pooled_se ~ ', 0))' -%}
    case
        when {{ n1 }} >= {{ min_group_size }} and {{ n2 }} >= {{ min_group_size }} and {{ n1 }} > 0 and {{ n2 }} > 0 then
        {%- if part == 'difference' %} {{ difference }}
        {%- elif part == 'ci_low' %} {{ difference }} - {{ z }} * {{ unpooled_se }}
        {%- elif part == 'ci_high' %} {{ difference }} + {{ z }} * {{ unpooled_se }}
        {%- elif part == 'z_score' %} {{ z_score }}
        {%- else %} 2.0 * {{ loyalty.normal_tail(z_score) }}
        {%- endif %}
    end
{%- endmacro %}
