{#- log Gamma, digamma and trigamma of a positive argument in plain SQL (ln,
    power and arithmetic, so they are portable; PostgreSQL before 18 and
    Spark have no lgamma). Each shifts the argument up by 6 with the
    recurrence Gamma(z + 1) = z Gamma(z), then sums the asymptotic (Stirling)
    series in Horner form in u = 1 / w^2 (error below 1e-12 relative to
    max(1, |value|)). Kept short: int_ltv_fit evaluates them hundreds of
    times in one query. The series' constants are computed here, not in SQL:
    Spark divides decimal literals to 6 decimal places. -#}
{% macro log_gamma(z) -%}
    {%- set w = '((' ~ z ~ ') + 6.0)' -%}
    {%- set u = 'power(' ~ w ~ ', -2)' -%}
    (({{ w }} - 0.5) * ln({{ w }}) - {{ w }} + 0.91893853320467274178
        + ({{ 1.0 / 12 }} - ({{ 1.0 / 360 }} - ({{ 1.0 / 1260 }} - ({{ 1.0 / 1680 }} - ({{ 1.0 / 1188 }} - {{ 691.0 / 360360 }} * {{ u }}) * {{ u }})
        * {{ u }}) * {{ u }}) * {{ u }}) / {{ w }}
        - ln(({{ z }}) * (({{ z }}) + 1) * (({{ z }}) + 2) * (({{ z }}) + 3) * (({{ z }}) + 4) * (({{ z }}) + 5)))
{%- endmacro %}

{% macro digamma(z) -%}
    {%- set w = '((' ~ z ~ ') + 6.0)' -%}
    {%- set u = 'power(' ~ w ~ ', -2)' -%}
    (ln({{ w }}) - 0.5 / {{ w }}
        - ({{ 1.0 / 12 }} - ({{ 1.0 / 120 }} - ({{ 1.0 / 252 }} - ({{ 1.0 / 240 }} - ({{ 1.0 / 132 }} - {{ 691.0 / 32760 }} * {{ u }}) * {{ u }})
        * {{ u }}) * {{ u }}) * {{ u }}) * {{ u }}
        {%- for k in range(6) %} - 1.0 / (({{ z }}) + {{ k }}){% endfor %})
{%- endmacro %}

{% macro trigamma(z) -%}
    {%- set w = '((' ~ z ~ ') + 6.0)' -%}
    {%- set u = 'power(' ~ w ~ ', -2)' -%}
    (0.5 * {{ u }} + (1.0 + ({{ 1.0 / 6 }} - ({{ 1.0 / 30 }} - ({{ 1.0 / 42 }} - ({{ 1.0 / 30 }} - ({{ 5.0 / 66 }} - {{ 691.0 / 2730 }} * {{ u }}) * {{ u }})
        * {{ u }}) * {{ u }}) * {{ u }}) * {{ u }}) / {{ w }}
        {%- for k in range(6) %} + power(({{ z }}) + {{ k }}, -2){% endfor %})
{%- endmacro %}
