{#- deterministic_sum over each case of the deterministic_sum_cases seed,
    beside the sum worked out by hand: in sort_key order, or the exact sum
    where the engine's deterministic_sum is exact. -#}
{%- set expected = 'expected_exact_sum' if loyalty.deterministic_sum_is_exact() else 'expected_ordered_sum' -%}
with

cases as (
    select * from {{ ref('deterministic_sum_cases') }}
),

final as (
    select
        cases.case_name,
        max(cases.{{ expected }}) as expected_sum,
        {{ loyalty.deterministic_sum('cases.term', 'cases.sort_key') }} as actual_sum
    from cases
    group by cases.case_name
)

select * from final
