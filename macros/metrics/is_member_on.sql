{% macro is_member_on(members_relation, day) -%}
    ({{ day }} >= {{ members_relation }}.enrolled_date
    and ({{ members_relation }}.cancelled_date is null or {{ day }} < {{ members_relation }}.cancelled_date))
{%- endmacro %}
